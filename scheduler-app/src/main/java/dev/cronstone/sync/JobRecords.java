package dev.cronstone.sync;

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
import java.util.Optional;
import javax.sql.DataSource;

/** The SQL of sync: reads the stored jobs with their Quartz rows, writes {@code cs_job}. */
final class JobRecords {
  static final int MAX_SOURCE = 1024;

  private static final String STORED =
      "SELECT j.job_id, j.spec_hash, j.paused, j.source, d.JOB_NAME, t.TRIGGER_NAME FROM cs_job j"
          + " LEFT JOIN QRTZ_JOB_DETAILS d ON d.SCHED_NAME = ? AND d.JOB_GROUP = ? AND d.JOB_NAME = j.job_id"
          + " LEFT JOIN QRTZ_TRIGGERS t ON t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ? AND t.TRIGGER_NAME = j.job_id";

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
    List<StoredJob> jobs = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement statement = connection.prepareStatement(STORED)) {
        bindScheduler(statement, 1);
        bindScheduler(statement, 3);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            jobs.add(
                new StoredJob(
                    rows.getString(1),
                    Optional.of(rows.getString(2).trim()),
                    rows.getBoolean(3),
                    Optional.ofNullable(rows.getString(4)),
                    rows.getString(5) != null,
                    rows.getString(6) != null));
          }
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(ORPHANS)) {
        bindScheduler(statement, 1);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            jobs.add(
                new StoredJob(
                    rows.getString(1), Optional.empty(), false, Optional.empty(), true, false));
          }
        }
      }
    }
    return jobs;
  }

  private static final String INSERT =
      "INSERT INTO cs_job (spec_json, spec_hash, source, enabled, updated_at, synced_by, job_id, paused, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?)";

  /** Rewrites the spec columns; the pause columns stay as the operator left them. */
  private static final String UPDATE =
      "UPDATE cs_job SET spec_json = ?, spec_hash = ?, source = ?, enabled = ?, updated_at = ?, synced_by = ?"
          + " WHERE job_id = ?";

  /**
   * Inserts, updates and deletes rows, each kind as one JDBC batch, all in one transaction on this
   * connection.
   */
  void writeAll(
      Connection connection, List<Row> added, List<Row> updated, List<String> removed, Instant now)
      throws SQLException {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
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
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
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
    statement.setString(
        3,
        row.source().length() > MAX_SOURCE ? row.source().substring(0, MAX_SOURCE) : row.source());
    statement.setBoolean(4, row.enabled());
    statement.setObject(5, at);
    statement.setString(6, row.actor());
    statement.setString(7, row.jobId());
    if (created) {
      statement.setObject(8, at);
    }
  }

  private void bindScheduler(PreparedStatement statement, int first) throws SQLException {
    statement.setString(first, schedulerName);
    statement.setString(first + 1, QuartzNames.JOB_GROUP);
  }

  /** The spec columns of a {@code cs_job} row. */
  record Row(
      String jobId,
      String specJson,
      String specHash,
      String source,
      boolean enabled,
      String actor) {}
}
