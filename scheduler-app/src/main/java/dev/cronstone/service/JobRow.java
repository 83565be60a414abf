package dev.cronstone.service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A whole {@code cs_job} row. */
record JobRow(
    String id,
    String specJson,
    String specHash,
    Optional<String> source,
    boolean enabled,
    PauseState pause,
    Instant createdAt,
    Instant updatedAt,
    Optional<String> syncedBy,
    String owner,
    long version) {

  static JobRow of(ResultSet rows) throws SQLException {
    PauseState pause =
        new PauseState(
            rows.getBoolean("paused"),
            Optional.ofNullable(rows.getString("paused_by")),
            instant(rows, "paused_at"),
            Optional.ofNullable(rows.getString("resumed_by")),
            instant(rows, "resumed_at"));
    return new JobRow(
        rows.getString("job_id"),
        rows.getString("spec_json"),
        rows.getString("spec_hash").trim(),
        Optional.ofNullable(rows.getString("source")),
        rows.getBoolean("enabled"),
        pause,
        instant(rows, "created_at").orElseThrow(),
        instant(rows, "updated_at").orElseThrow(),
        Optional.ofNullable(rows.getString("synced_by")),
        rows.getString("owner").trim(),
        rows.getLong("version"));
  }

  private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  /** A job id and whether an operator paused it. */
  record Pause(String jobId, boolean paused) {}
}
