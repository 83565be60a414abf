package dev.cronstone.sync;

import dev.cronstone.model.AfterSpec;
import dev.cronstone.store.QuartzNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL of sync and of single-job saves: reads the stored jobs with their Quartz rows, writes
 * {@code cs_job} and the saved versions in {@code cs_job_version}.
 */
final class JobRecords {
  static final int MAX_SOURCE = 1024;

  /** saved_by holds "file:" and a source. */
  static final int MAX_SAVED_BY = MAX_SOURCE + 50;

  private static final String STORED =
      "SELECT j.job_id, j.spec_hash, j.paused, j.source, j.owner, j.version, d.JOB_NAME,"
          + " t.TRIGGER_NAME FROM cs_job j LEFT JOIN QRTZ_JOB_DETAILS d ON d.SCHED_NAME = ? AND"
          + " d.JOB_GROUP = ? AND d.JOB_NAME = j.job_id LEFT JOIN QRTZ_TRIGGERS t ON t.SCHED_NAME ="
          + " ? AND t.TRIGGER_GROUP = ? AND t.TRIGGER_NAME = j.job_id";

  private static final String ORPHANS =
      "SELECT d.JOB_NAME FROM QRTZ_JOB_DETAILS d WHERE d.SCHED_NAME = ? AND d.JOB_GROUP = ?"
          + " AND NOT EXISTS (SELECT 1 FROM cs_job j WHERE j.job_id = d.JOB_NAME)";

  private final DataSource dataSource;
  private final String schedulerName;

  JobRecords(DataSource dataSource, String schedulerName) {
    this.dataSource = dataSource;
    this.schedulerName = schedulerName;
  }

  /** Every stored job: the rows of {@code cs_job}, then Quartz jobs of our group without one. */
  List<StoredJob> readAll() throws SQLException {
    return read(Optional.empty());
  }

  /** The stored job of this id (its row, or a Quartz job left without one), if any. */
  Optional<StoredJob> read(String jobId) throws SQLException {
    return read(Optional.of(jobId)).stream().findFirst();
  }

  private List<StoredJob> read(Optional<String> only) throws SQLException {
    List<StoredJob> jobs = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      String stored = STORED + (only.isPresent() ? " WHERE j.job_id = ?" : "");
      try (PreparedStatement statement = connection.prepareStatement(stored)) {
        bindScheduler(statement, 1);
        bindScheduler(statement, 3);
        if (only.isPresent()) {
          statement.setString(5, only.get());
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            jobs.add(
                new StoredJob(
                    rows.getString(1),
                    Optional.of(rows.getString(2).trim()),
                    rows.getBoolean(3),
                    Optional.ofNullable(rows.getString(4)),
                    JobOwner.ofCode(rows.getString(5)),
                    rows.getLong(6),
                    rows.getString(7) != null,
                    rows.getString(8) != null));
          }
        }
      }
      String orphans = ORPHANS + (only.isPresent() ? " AND d.JOB_NAME = ?" : "");
      try (PreparedStatement statement = connection.prepareStatement(orphans)) {
        bindScheduler(statement, 1);
        if (only.isPresent()) {
          statement.setString(3, only.get());
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            jobs.add(
                new StoredJob(
                    rows.getString(1),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    JobOwner.FILE,
                    0,
                    true,
                    false));
          }
        }
      }
    }
    return jobs;
  }

  /** The canonical JSON of a stored job's spec, if it has a row. */
  Optional<String> specJson(String jobId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT spec_json FROM cs_job WHERE job_id = ?")) {
      statement.setString(1, jobId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The row's version is the newest saved version of its id (written just before); a row written
   * outside Cronstone, without versions, keeps the one it has.
   */
  private static final String NEWEST_VERSION =
      "(SELECT MAX(v.version) FROM cs_job_version v WHERE v.job_id = ?)";

  private static final String INSERT =
      "INSERT INTO cs_job (spec_json, spec_hash, source, enabled, updated_at, synced_by, owner,"
          + " version, job_id, paused, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE("
          + NEWEST_VERSION
          + ", 1), ?, FALSE, ?)";

  /** Rewrites the spec columns; the pause columns stay as the operator left them. */
  private static final String UPDATE =
      "UPDATE cs_job SET spec_json = ?, spec_hash = ?, source = ?, enabled = ?, updated_at = ?,"
          + " synced_by = ?, owner = ?, version = COALESCE("
          + NEWEST_VERSION
          + ", version) WHERE job_id = ?";

  /** A saved version: numbered one past the newest of its id, deleted jobs' versions included. */
  private static final String VERSION =
      "INSERT INTO cs_job_version (job_id, version, owner, spec_json, spec_hash, source, saved_by,"
          + " saved_at) SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, ? FROM"
          + " cs_job_version WHERE job_id = ?";

  /**
   * Inserts, updates and deletes rows, each kind as one JDBC batch, all in one transaction on this
   * connection.
   */
  void writeAll(
      Connection connection, List<Row> added, List<Row> updated, List<String> removed, Instant now)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      writeOn(connection, added, updated, removed, now);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * The statements of {@link #writeAll} in the caller's transaction: first the new versions, then
   * the rows (whose version column reads them), then the removals (their versions stay), then the
   * rows' {@code after} edges.
   */
  void writeOn(
      Connection connection, List<Row> added, List<Row> updated, List<String> removed, Instant now)
      throws SQLException {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    versions(connection, added, at);
    versions(connection, updated, at);
    batch(connection, INSERT, added, at, true);
    batch(connection, UPDATE, updated, at, false);
    if (!removed.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement("DELETE FROM cs_job WHERE job_id = ?")) {
        for (String jobId : removed) {
          statement.setString(1, jobId);
          statement.addBatch();
        }
        statement.executeBatch();
      }
    }
    List<Row> written = new ArrayList<>(added);
    written.addAll(updated);
    AfterEdges.replace(connection, written, removed);
  }

  /** Every stored job's {@code after} list, by id. */
  Map<String, List<AfterSpec>> afterEdges() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return AfterEdges.readAll(connection);
    }
  }

  private static void versions(Connection connection, List<Row> rows, OffsetDateTime at)
      throws SQLException {
    List<Row> saved = rows.stream().filter(r -> r.savedBy().isPresent()).toList();
    if (saved.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(VERSION)) {
      for (Row row : saved) {
        statement.setString(1, row.jobId());
        statement.setString(2, row.owner().code());
        statement.setString(3, row.specJson());
        statement.setString(4, row.specHash());
        statement.setString(5, shortSource(row).orElse(null));
        statement.setString(6, clip(row.savedBy().get(), MAX_SAVED_BY));
        statement.setObject(7, at);
        statement.setString(8, row.jobId());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void batch(
      Connection connection, String sql, List<Row> rows, OffsetDateTime at, boolean created)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Row row : rows) {
        bind(statement, row, at, created);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, Row row, OffsetDateTime at, boolean created)
      throws SQLException {
    statement.setString(1, row.specJson());
    statement.setString(2, row.specHash());
    statement.setString(3, shortSource(row).orElse(null));
    statement.setBoolean(4, row.enabled());
    statement.setObject(5, at);
    statement.setString(6, clip(row.actor(), 200));
    statement.setString(7, row.owner().code());
    statement.setString(8, row.jobId());
    statement.setString(9, row.jobId());
    if (created) {
      statement.setObject(10, at);
    }
  }

  private static Optional<String> shortSource(Row row) {
    return row.source().map(s -> clip(s, MAX_SOURCE));
  }

  private static String clip(String text, int max) {
    return text.length() > max ? text.substring(0, max) : text;
  }

  private void bindScheduler(PreparedStatement statement, int first) throws SQLException {
    statement.setString(first, schedulerName);
    statement.setString(first + 1, QuartzNames.JOB_GROUP);
  }

  /**
   * The spec columns of a {@code cs_job} row.
   *
   * @param source the spec file of a file-owned job (absent for a store-owned one)
   * @param actor who writes it ({@code cs_job.synced_by})
   * @param savedBy present when this write saves a new version (its {@code saved_by}); absent for a
   *     repair that leaves the content as it was
   */
  record Row(
      String jobId,
      String specJson,
      String specHash,
      Optional<String> source,
      boolean enabled,
      String actor,
      JobOwner owner,
      Optional<String> savedBy) {}
}
