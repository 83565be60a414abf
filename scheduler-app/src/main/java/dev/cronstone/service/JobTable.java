package dev.cronstone.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.store.QuartzNames;
import java.io.IOException;
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

/** The service's SQL on {@code cs_job}, joined with Quartz's trigger rows where it lists. */
final class JobTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PAGE =
      "SELECT j.job_id, j.spec_json, j.enabled, j.paused, t.NEXT_FIRE_TIME, t.TRIGGER_STATE FROM cs_job j"
          + " LEFT JOIN QRTZ_TRIGGERS t ON t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ? AND t.TRIGGER_NAME = j.job_id"
          + " WHERE j.job_id > ? ORDER BY j.job_id LIMIT ?";

  private static final String ROW =
      "SELECT job_id, spec_json, spec_hash, source, enabled, paused, paused_by, paused_at, resumed_by, resumed_at,"
          + " created_at, updated_at, synced_by FROM cs_job WHERE job_id = ?";

  private final DataSource dataSource;
  private final String schedulerName;

  JobTable(DataSource dataSource, String schedulerName) {
    this.dataSource = dataSource;
    this.schedulerName = schedulerName;
  }

  /** Up to {@code limit} jobs with ids after {@code after} ("" for the first page), in id order. */
  List<JobSummary> page(int limit, String after) throws SQLException {
    List<JobSummary> jobs = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PAGE)) {
      statement.setString(1, schedulerName);
      statement.setString(2, QuartzNames.JOB_GROUP);
      statement.setString(3, after);
      statement.setInt(4, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          jobs.add(summary(rows));
        }
      }
    }
    return jobs;
  }

  Optional<JobRow> row(String jobId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ROW)) {
      statement.setString(1, jobId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(JobRow.of(rows)) : Optional.empty();
      }
    }
  }

  /** Every job id with its pause flag, in id order. */
  List<JobRow.Pause> pauses() throws SQLException {
    List<JobRow.Pause> all = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT job_id, paused FROM cs_job ORDER BY job_id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        all.add(new JobRow.Pause(rows.getString(1), rows.getBoolean(2)));
      }
    }
    return all;
  }

  void markPaused(String jobId, String who, Instant now) throws SQLException {
    update(
        "UPDATE cs_job SET paused = TRUE, paused_by = ?, paused_at = ? WHERE job_id = ?",
        jobId,
        who,
        now);
  }

  void markResumed(String jobId, String who, Instant now) throws SQLException {
    update(
        "UPDATE cs_job SET paused = FALSE, paused_by = NULL, paused_at = NULL, resumed_by = ?, resumed_at = ?"
            + " WHERE job_id = ?",
        jobId,
        who,
        now);
  }

  private void update(String sql, String jobId, String who, Instant now) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, who);
      statement.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      statement.setString(3, jobId);
      statement.executeUpdate();
    }
  }

  private static JobSummary summary(ResultSet rows) throws SQLException {
    JsonNode spec = tree(rows.getString(2));
    List<String> cron = new ArrayList<>();
    spec.path("schedule").path("cron").forEach(c -> cron.add(c.asText()));
    String zone = spec.path("schedule").path("timezone").asText(null);
    long next = rows.getLong(5);
    boolean hasNext =
        !rows.wasNull() && next > 0 && !String.valueOf(rows.getString(6)).startsWith("PAUSED");
    boolean paused =
        QuartzPauses.effective(rows.getBoolean(4), Optional.ofNullable(rows.getString(6)));
    return new JobSummary(
        rows.getString(1),
        cron,
        Optional.ofNullable(zone),
        spec.path("task").path("type").asText("?"),
        rows.getBoolean(3),
        paused,
        hasNext ? Optional.of(Instant.ofEpochMilli(next)) : Optional.empty());
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
