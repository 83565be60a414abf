package dev.cronstone.bench;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecJson;
import dev.cronstone.store.JobData;
import dev.cronstone.store.Migrations;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.sync.SpecSync;
import dev.cronstone.sync.SyncOptions;
import dev.cronstone.sync.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Puts many jobs into a Cronstone store. {@link #load} writes the specs as files and runs the real
 * sync ({@link SpecSync}, set-based); {@link #loadSameSchedule} copies the rows of one synced job.
 * For setting up large stores quickly; the {@code sync} scenario measures the real sync from a cold
 * process.
 */
final class JobLoader {
  static final int BATCH = 500;

  private JobLoader() {}

  /** Migrates the store and syncs {@code specs} into it; the store must hold none of them yet. */
  static void load(NodeConfig config, DataSource dataSource, List<JobSpec> specs, Clock clock)
      throws SQLException, SchedulerException, IOException {
    Migrations.migrate(dataSource, config.store().dialect());
    Path dir = Files.createTempDirectory("cronstone-bench-specs-");
    try {
      for (JobSpec spec : specs) {
        Files.writeString(dir.resolve(spec.id() + ".json"), SpecJson.canonicalJson(spec));
      }
      Scheduler scheduler = QuartzSchedulers.create(config, "bench-loader", dataSource);
      try {
        SyncResult result =
            new SpecSync(scheduler, dataSource, clock)
                .run(dir, new SyncOptions(false, false, false, "bench-loader"));
        if (!result.failures().isEmpty() || !result.plan().invalid().isEmpty()) {
          throw new IllegalStateException(
              "bench specs did not sync: " + result.failures() + " " + result.plan().invalid());
        }
      } finally {
        scheduler.shutdown(false);
      }
    } finally {
      Files2.deleteTree(dir);
    }
    analyze(dataSource, config.store().dialect());
  }

  /**
   * Loads many jobs of the same schedule fast: the first through Quartz (as {@link #load}), the
   * others as copies of its Quartz rows (job, trigger, trigger properties) with their own names and
   * their own job data, written in JDBC batches, plus their {@code cs_job} rows. Every job must
   * have the schedule of the first.
   */
  static void loadSameSchedule(
      NodeConfig config, DataSource dataSource, List<JobSpec> specs, Clock clock)
      throws SQLException, SchedulerException, IOException {
    load(config, dataSource, specs.subList(0, 1), clock);
    Instant now = clock.instant();
    String template = specs.get(0).id();
    String templateTrigger = QuartzNames.scheduleTriggerKey(template).getName();
    Row job = Row.read(dataSource, "QRTZ_JOB_DETAILS", "JOB_NAME", template);
    Row trigger = Row.read(dataSource, "QRTZ_TRIGGERS", "TRIGGER_NAME", templateTrigger);
    Row props = Row.read(dataSource, "QRTZ_SIMPROP_TRIGGERS", "TRIGGER_NAME", templateTrigger);
    for (int from = 1; from < specs.size(); from += BATCH) {
      List<JobSpec> batch = specs.subList(from, Math.min(specs.size(), from + BATCH));
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement j = job.insert(c);
            PreparedStatement t = trigger.insert(c);
            PreparedStatement p = props.insert(c)) {
          for (JobSpec spec : batch) {
            String id = spec.id();
            String triggerName = QuartzNames.scheduleTriggerKey(id).getName();
            job.bind(
                j,
                Map.of(
                    "JOB_NAME",
                    id,
                    "JOB_DATA",
                    properties(spec),
                    "DESCRIPTION",
                    spec.description().orElse("")));
            trigger.bind(t, Map.of("TRIGGER_NAME", triggerName, "JOB_NAME", id));
            props.bind(p, Map.of("TRIGGER_NAME", triggerName));
          }
          j.executeBatch();
          t.executeBatch();
          p.executeBatch();
        }
        c.commit();
      }
      insertRows(dataSource, batch, now);
    }
    analyze(dataSource, config.store().dialect());
  }

  /** Job data as Quartz writes it with {@code useProperties=true} (as sync writes it). */
  private static byte[] properties(JobSpec spec) throws IOException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty(JobData.JOB_ID, spec.id());
    p.setProperty(JobData.SPEC_HASH, SpecJson.contentHash(spec));
    p.setProperty(JobData.SPEC_JSON, SpecJson.canonicalJson(spec));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    p.store(out, "");
    return out.toByteArray();
  }

  /** One row of a Quartz table, to copy with some columns changed. */
  private record Row(String table, List<String> columns, List<Object> values) {
    static Row read(DataSource dataSource, String table, String keyColumn, String key)
        throws SQLException {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement("SELECT * FROM " + table + " WHERE " + keyColumn + " = ?")) {
        s.setString(1, key);
        try (java.sql.ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no " + table + " row " + key);
          }
          java.sql.ResultSetMetaData meta = rs.getMetaData();
          List<String> columns = new java.util.ArrayList<>();
          List<Object> values = new java.util.ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnName(i).toUpperCase(java.util.Locale.ROOT));
            values.add(rs.getObject(i));
          }
          return new Row(table, columns, values);
        }
      }
    }

    PreparedStatement insert(Connection c) throws SQLException {
      return c.prepareStatement(
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
              + ")");
    }

    void bind(PreparedStatement s, Map<String, Object> changed) throws SQLException {
      for (int i = 0; i < columns.size(); i++) {
        Object value = changed.getOrDefault(columns.get(i), values.get(i));
        if (value instanceof byte[] bytes) {
          s.setBytes(i + 1, bytes);
        } else if (value instanceof java.sql.Blob blob) {
          s.setBytes(i + 1, blob.getBytes(1, (int) blob.length()));
        } else {
          s.setObject(i + 1, value);
        }
      }
      s.addBatch();
    }
  }

  private static void insertRows(DataSource dataSource, List<JobSpec> jobs, Instant now)
      throws SQLException {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO cs_job (job_id, spec_json, spec_hash, source, enabled, paused,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, TRUE, FALSE, ?, ?)")) {
      for (JobSpec job : jobs) {
        String id = job.id();
        s.setString(1, id);
        s.setString(2, SpecJson.canonicalJson(job));
        s.setString(3, SpecJson.contentHash(job));
        s.setString(4, "bench/" + id + ".json");
        s.setObject(5, at);
        s.setObject(6, at);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Fresh planner statistics after a bulk load, as a large first sync does. */
  static void analyze(DataSource dataSource, String dialect) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(dialect.equals("postgresql") ? "ANALYZE" : "ANALYZE");
    }
  }
}
