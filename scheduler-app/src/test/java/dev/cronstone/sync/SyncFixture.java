package dev.cronstone.sync;

import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.JobsConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import dev.cronstone.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spec files, node configs and raw reads of the store for the sync and service tests. */
public final class SyncFixture {
  private SyncFixture() {}

  /**
   * A node config on this database with this jobs folder (clustered, so Quartz runs as in
   * production).
   */
  public static NodeConfig config(TestDatabase database, Path jobsDir, boolean removeMissing) {
    NodeConfig defaults = NodeConfig.defaults();
    return new NodeConfig(
        database.storeConfig(),
        new ClusterConfig(true, ClusterConfig.AUTO_NODE_ID, Duration.ofSeconds(1)),
        new SchedulerConfig(2, Duration.ofSeconds(60), 5, Duration.ofSeconds(1)),
        new JobsConfig(jobsDir, true, removeMissing),
        defaults.artifacts(),
        defaults.api());
  }

  /** Writes {@code <id>.yaml}: a builtin noop job on this cron in this zone. */
  public static Path scheduled(Path dir, String id, String cron, String zone) throws IOException {
    return write(
        dir,
        id + ".yaml",
        "id: "
            + id
            + "\nschedule: { cron: \""
            + cron
            + "\", timezone: "
            + zone
            + " }\n"
            + "task: { type: builtin, name: noop }\n");
  }

  public static Path write(Path dir, String name, String text) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), text);
  }

  /** Every row of a query, each as column (lower case) → value text, in the query's order. */
  public static List<Map<String, String>> rows(TestDatabase database, String sql, Object... args)
      throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, String> row = new TreeMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            Object value = result.getObject(c);
            row.put(meta.getColumnLabel(c).toLowerCase(), text(value));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static String text(Object value) throws SQLException {
    if (value instanceof Blob blob) {
      return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
    }
    return value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value);
  }

  /**
   * The store's rows that a sync may write: cs_job, Quartz's job, trigger and trigger-property
   * rows.
   */
  public static Map<String, List<Map<String, String>>> snapshot(TestDatabase database)
      throws SQLException {
    Map<String, List<Map<String, String>>> all = new TreeMap<>();
    all.put("cs_job", rows(database, "SELECT * FROM cs_job ORDER BY job_id"));
    all.put("jobs", rows(database, "SELECT * FROM QRTZ_JOB_DETAILS ORDER BY JOB_NAME"));
    all.put("triggers", rows(database, "SELECT * FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME"));
    all.put("simprop", rows(database, "SELECT * FROM QRTZ_SIMPROP_TRIGGERS ORDER BY TRIGGER_NAME"));
    return all;
  }

  /** The rows of one job in {@link #snapshot}. */
  public static Map<String, List<Map<String, String>>> snapshotOf(
      TestDatabase database, String jobId) throws SQLException {
    Map<String, List<Map<String, String>>> all = new TreeMap<>();
    all.put("cs_job", rows(database, "SELECT * FROM cs_job WHERE job_id = ?", jobId));
    all.put("jobs", rows(database, "SELECT * FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = ?", jobId));
    all.put("triggers", rows(database, "SELECT * FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", jobId));
    all.put(
        "simprop",
        rows(database, "SELECT * FROM QRTZ_SIMPROP_TRIGGERS WHERE TRIGGER_NAME = ?", jobId));
    return all;
  }
}
