package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
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

/** The runs of a measured window, read from the ledger: one row per run with its first attempt. */
final class WindowRuns {
  /**
   * A run: its status ({@code skipped_misfire} or {@code skipped_overlap} for a skipped one) and
   * intended fire, and when and where its first attempt started, if any.
   */
  record Row(String status, Instant intended, Optional<Instant> started, Optional<String> owner) {
    /** Attempt start minus intended fire, in milliseconds. */
    Optional<Long> lateMillis() {
      return started.map(s -> s.toEpochMilli() - intended.toEpochMilli());
    }
  }

  private WindowRuns() {}

  /** The runs whose intended fire is in {@code [from, until)}. */
  static List<Row> read(HikariDataSource pool, Instant from, Instant until) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT CASE WHEN r.status <> 'skipped' THEN r.status"
                    + " WHEN r.error_json LIKE '%job_skipped_misfire%' THEN 'skipped_misfire'"
                    + " ELSE 'skipped_overlap' END, r.intended_fire, a.started_at, a.owner"
                    + " FROM cs_run r"
                    + " LEFT JOIN cs_attempt a ON a.job_id = r.job_id AND a.run_no = r.run_no"
                    + " AND a.attempt_no = 1 WHERE r.intended_fire >= ? AND r.intended_fire < ?")) {
      s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      s.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime started = rs.getObject(3, OffsetDateTime.class);
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  Optional.ofNullable(started).map(OffsetDateTime::toInstant),
                  Optional.ofNullable(rs.getString(4))));
        }
      }
    }
    return rows;
  }

  /** How many runs of the window have ended (a skipped run ends when it is recorded). */
  static long ended(HikariDataSource pool, Instant from, Instant until) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM cs_run WHERE intended_fire >= ? AND intended_fire < ?"
                    + " AND (ended_at IS NOT NULL OR status = 'skipped')")) {
      s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      s.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
