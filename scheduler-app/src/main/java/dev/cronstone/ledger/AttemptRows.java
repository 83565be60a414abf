package dev.cronstone.ledger;

import static dev.cronstone.ledger.Jdbc.instant;
import static dev.cronstone.ledger.Jdbc.optionalInstant;
import static dev.cronstone.ledger.Jdbc.optionalInt;
import static dev.cronstone.ledger.Jdbc.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code cs_attempt}. An attempt runs while its {@code ended_at} is NULL. */
final class AttemptRows {
  private static final String COLUMNS =
      "job_id, run_no, attempt_no, kind, owner, started_at, heartbeat_at, ended_at,"
          + " outcome, exit_code, detail, superseded";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM cs_attempt ";

  /** A running attempt whose owner has not heartbeated since {@code heartbeatAt}. */
  record Stale(RunId run, int attemptNo, String owner, Instant heartbeatAt) {}

  private AttemptRows() {}

  static void insert(Connection connection, Attempt attempt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindInsert(insert, attempt);
      insert.executeUpdate();
    }
  }

  private static final String INSERT =
      "INSERT INTO cs_attempt (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Inserts the attempts as one JDBC batch. */
  static void insertAll(Connection connection, List<Attempt> attempts) throws SQLException {
    Jdbc.batch(connection, INSERT, attempts, AttemptRows::bindInsert);
  }

  private static void bindInsert(PreparedStatement insert, Attempt attempt) throws SQLException {
    insert.setString(1, attempt.run().jobId());
    insert.setLong(2, attempt.run().runNo());
    insert.setInt(3, attempt.attemptNo());
    insert.setString(4, attempt.kind().code());
    insert.setString(5, attempt.owner());
    insert.setObject(6, timestamp(attempt.startedAt()));
    insert.setObject(7, timestamp(attempt.heartbeatAt()));
    insert.setObject(8, timestamp(attempt.endedAt()));
    insert.setString(9, attempt.outcome().map(RunStatus::code).orElse(null));
    setInt(insert, 10, attempt.exitCode());
    insert.setString(11, attempt.detail().orElse(null));
    insert.setBoolean(12, attempt.superseded());
  }

  /** Writes how the attempt ended (and whether it is superseded). */
  static void update(Connection connection, Attempt attempt) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_attempt SET ended_at = ?, outcome = ?,"
                + " exit_code = ?, detail = ?, superseded = ? WHERE job_id = ? AND run_no = ? AND attempt_no = ?")) {
      update.setObject(1, timestamp(attempt.endedAt()));
      update.setString(2, attempt.outcome().map(RunStatus::code).orElse(null));
      setInt(update, 3, attempt.exitCode());
      update.setString(4, attempt.detail().orElse(null));
      update.setBoolean(5, attempt.superseded());
      update.setString(6, attempt.run().jobId());
      update.setLong(7, attempt.run().runNo());
      update.setInt(8, attempt.attemptNo());
      update.executeUpdate();
    }
  }

  static List<Attempt> ofRun(Connection connection, RunId run) throws SQLException {
    return list(
        connection,
        SELECT + "WHERE job_id = ? AND run_no = ? ORDER BY attempt_no",
        run.jobId(),
        run.runNo());
  }

  static Optional<Attempt> find(Connection connection, RunId run, int attemptNo)
      throws SQLException {
    List<Attempt> found =
        list(
            connection,
            SELECT + "WHERE job_id = ? AND run_no = ? AND attempt_no = ?",
            run.jobId(),
            run.runNo(),
            attemptNo);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The attempts of the run that still run and still count (not superseded). */
  static List<Attempt> runningOf(Connection connection, RunId run) throws SQLException {
    return list(
        connection,
        SELECT
            + "WHERE job_id = ? AND run_no = ? AND ended_at IS NULL AND superseded = FALSE"
            + " ORDER BY attempt_no",
        run.jobId(),
        run.runNo());
  }

  /**
   * Marks every running attempt of the run superseded (a recovery attempt takes over); returns how
   * many.
   */
  static int supersedeRunning(Connection connection, RunId run) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_attempt SET superseded = TRUE"
                + " WHERE job_id = ? AND run_no = ? AND ended_at IS NULL")) {
      update.setString(1, run.jobId());
      update.setLong(2, run.runNo());
      return update.executeUpdate();
    }
  }

  /** The running attempts of {@code owner} whose run has a cancel request. */
  static List<Attempt> cancelRequested(Connection connection, String owner) throws SQLException {
    return list(
        connection,
        "SELECT "
            + COLUMNS.replaceAll("(\\w+)", "a.$1")
            + " FROM cs_attempt a JOIN cs_run r"
            + " ON r.job_id = a.job_id AND r.run_no = a.run_no WHERE a.owner = ? AND a.ended_at IS NULL"
            + " AND r.cancel_requested_at IS NOT NULL ORDER BY a.job_id, a.run_no, a.attempt_no",
        owner);
  }

  /**
   * Sets the heartbeat of the owner's running attempts. Rows another transaction holds are skipped
   * rather than waited for: that transaction is ending or abandoning the attempt (a group commit of
   * ends holds many of them at once, and locking the same rows in another order deadlocked it), and
   * an attempt that stays running is beaten again one interval later, well inside the stale
   * threshold.
   */
  static int heartbeat(Connection connection, String owner, Instant now) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_attempt SET heartbeat_at = ? WHERE (job_id, run_no, attempt_no) IN"
                + " (SELECT job_id, run_no, attempt_no FROM cs_attempt"
                + " WHERE owner = ? AND ended_at IS NULL FOR UPDATE SKIP LOCKED)")) {
      update.setObject(1, timestamp(now));
      update.setString(2, owner);
      return update.executeUpdate();
    }
  }

  /** Running attempts last heartbeated before {@code cutoff}, oldest heartbeat first. */
  static List<Stale> stale(Connection connection, Instant cutoff, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT job_id, run_no, attempt_no, owner, heartbeat_at"
                + " FROM cs_attempt WHERE ended_at IS NULL AND heartbeat_at < ? ORDER BY heartbeat_at, job_id, run_no,"
                + " attempt_no LIMIT ?")) {
      select.setObject(1, timestamp(cutoff));
      select.setInt(2, limit);
      List<Stale> stale = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          stale.add(
              new Stale(
                  new RunId(rs.getString("job_id"), rs.getLong("run_no")),
                  rs.getInt("attempt_no"),
                  rs.getString("owner"),
                  instant(rs, "heartbeat_at")));
        }
      }
      return stale;
    }
  }

  /**
   * Ends the attempt {@code abandoned} if it still runs without a heartbeat since {@code cutoff};
   * false when it has ended or heartbeated meanwhile (another node got there first, or its owner
   * came back).
   */
  static boolean abandon(
      Connection connection, RunId run, int attemptNo, Instant cutoff, Instant now, String detail)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_attempt SET ended_at = ?, outcome = ?,"
                + " detail = ? WHERE job_id = ? AND run_no = ? AND attempt_no = ? AND ended_at IS NULL AND heartbeat_at < ?")) {
      update.setObject(1, timestamp(now));
      update.setString(2, RunStatus.ABANDONED.code());
      update.setString(3, detail);
      update.setString(4, run.jobId());
      update.setLong(5, run.runNo());
      update.setInt(6, attemptNo);
      update.setObject(7, timestamp(cutoff));
      return update.executeUpdate() == 1;
    }
  }

  private static List<Attempt> list(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      List<Attempt> attempts = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          attempts.add(attempt(rs));
        }
      }
      return attempts;
    }
  }

  private static void setInt(PreparedStatement statement, int index, Optional<Integer> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setInt(index, value.get());
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }

  private static Attempt attempt(ResultSet rs) throws SQLException {
    return new Attempt(
        new RunId(rs.getString("job_id"), rs.getLong("run_no")),
        rs.getInt("attempt_no"),
        AttemptKind.fromCode(rs.getString("kind")),
        rs.getString("owner"),
        instant(rs, "started_at"),
        instant(rs, "heartbeat_at"),
        optionalInstant(rs, "ended_at"),
        Optional.ofNullable(rs.getString("outcome")).map(RunStatus::fromCode),
        optionalInt(rs, "exit_code"),
        Optional.ofNullable(rs.getString("detail")),
        rs.getBoolean("superseded"));
  }
}
