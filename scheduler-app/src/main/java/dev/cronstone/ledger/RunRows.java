package dev.cronstone.ledger;

import static dev.cronstone.ledger.Jdbc.instant;
import static dev.cronstone.ledger.Jdbc.optionalInstant;
import static dev.cronstone.ledger.Jdbc.optionalLong;
import static dev.cronstone.ledger.Jdbc.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of {@code cs_run} and {@code cs_run_counter}. */
final class RunRows {
  static final String ACTIVE = "('queued', 'running')";
  static final String COLUMNS =
      "job_id, run_no, kind, intended_fire, replay_of, status, reason, error_json,"
          + " requested_by, created_at, started_at, ended_at, attempts, backfill_id,"
          + " upstream_job_id, upstream_run_no";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM cs_run ";

  private RunRows() {}

  /**
   * Takes the job's next run number: increments its counter row (holding that row's lock until the
   * transaction ends) and reads it back. Empty when the job has no counter row yet.
   */
  static Optional<Long> nextRunNo(Connection connection, String jobId) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_run_counter SET last_run_no = last_run_no + 1 WHERE job_id = ?",
            new String[] {"last_run_no"})) {
      update.setString(1, jobId);
      return incremented(update, "the run counter of '" + jobId + "'");
    }
  }

  /**
   * The next run numbers of several jobs, one transaction's worth: their counters incremented in
   * one JDBC batch (in the order given: callers sort the ids, so that concurrent batches take the
   * counter row locks in the same order), then read back in one query. Jobs without a counter row
   * are missing from the answer.
   */
  static Map<String, Long> nextRunNos(Connection connection, List<String> jobIds)
      throws SQLException {
    List<String> counted = new ArrayList<>(jobIds.size());
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_run_counter SET last_run_no = last_run_no + 1 WHERE job_id = ?")) {
      for (String jobId : jobIds) {
        update.setString(1, jobId);
        update.addBatch();
      }
      int[] updated = update.executeBatch();
      for (int i = 0; i < updated.length; i++) {
        if (updated[i] != 0) { // 1, or SUCCESS_NO_INFO from a driver that does not count
          counted.add(jobIds.get(i));
        }
      }
    }
    Map<String, Long> numbers = new HashMap<>();
    if (counted.isEmpty()) {
      return numbers;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT job_id, last_run_no FROM cs_run_counter WHERE job_id IN ("
                + String.join(", ", Collections.nCopies(counted.size(), "?"))
                + ")")) {
      for (int i = 0; i < counted.size(); i++) {
        select.setString(i + 1, counted.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          numbers.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return numbers;
  }

  /**
   * Runs an increment whose statement was prepared to return the incremented column (one round
   * trip: PostgreSQL and H2 both return an updated column through the generated keys); empty when
   * no row matched.
   */
  private static Optional<Long> incremented(PreparedStatement update, String what)
      throws SQLException {
    if (update.executeUpdate() == 0) {
      return Optional.empty();
    }
    try (ResultSet keys = update.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database did not return the new value of " + what);
      }
      return Optional.of(keys.getLong(1));
    }
  }

  /**
   * Creates the job's counter row, starting after its highest stored run (there is none for a new
   * job; a lost counter row must not let numbers be reused). Auto-commit; a concurrent creation by
   * another process is fine.
   */
  static void createCounter(Connection connection, String jobId) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(CREATE_COUNTER)) {
      insert.setString(1, jobId);
      insert.setString(2, jobId);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
    }
  }

  /**
   * Creates the counter rows of jobs that have none yet, in the caller's transaction, as one JDBC
   * batch, each starting after the job's highest stored run. A row another transaction created
   * meanwhile fails the batch with a unique violation (the caller's transaction is then lost: its
   * caller makes its work again another way).
   */
  static void createCounters(Connection connection, List<String> jobIds) throws SQLException {
    Jdbc.batch(
        connection,
        CREATE_COUNTER,
        jobIds,
        (insert, jobId) -> {
          insert.setString(1, jobId);
          insert.setString(2, jobId);
        });
  }

  /** A job's counter row, after its highest stored run (job id bound twice). */
  static final String CREATE_COUNTER =
      "INSERT INTO cs_run_counter (job_id, last_run_no)"
          + " SELECT ?, COALESCE(MAX(run_no), 0) FROM cs_run WHERE job_id = ?";

  static void insert(Connection connection, Run run) throws SQLException {
    insert(connection, run, 0);
  }

  /**
   * Inserts the run with {@code lastSeq} event numbers taken already (the caller inserts those
   * events in the same transaction).
   */
  static void insert(Connection connection, Run run, long lastSeq) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindInsert(insert, run, lastSeq);
      insert.executeUpdate();
    }
  }

  private static final String INSERT =
      "INSERT INTO cs_run ("
          + COLUMNS
          + ", fire_key, last_seq, backfill_key)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Inserts the runs, each with {@code lastSeq} event numbers taken, as one JDBC batch. */
  static void insertAll(Connection connection, List<Run> runs, long lastSeq) throws SQLException {
    Jdbc.batch(connection, INSERT, runs, (insert, run) -> bindInsert(insert, run, lastSeq));
  }

  private static void bindInsert(PreparedStatement insert, Run run, long lastSeq)
      throws SQLException {
    insert.setString(1, run.id().jobId());
    insert.setLong(2, run.id().runNo());
    insert.setString(3, run.kind().code());
    insert.setObject(4, timestamp(run.intendedFire()));
    setLong(insert, 5, run.replayOf());
    insert.setString(6, run.status().code());
    insert.setString(7, run.reason().orElse(null));
    insert.setString(8, LedgerJson.error(run.error()));
    insert.setString(9, run.requestedBy());
    insert.setObject(10, timestamp(run.createdAt()));
    insert.setObject(11, timestamp(run.startedAt()));
    insert.setObject(12, timestamp(run.endedAt()));
    insert.setInt(13, run.attempts());
    setLong(insert, 14, run.backfillId());
    insert.setString(15, run.upstream().map(RunId::jobId).orElse(null));
    setLong(insert, 16, run.upstream().map(RunId::runNo));
    setLong(
        insert,
        17,
        run.kind().ownsFireTime()
            ? Optional.of(run.intendedFire().toEpochMilli())
            : Optional.empty());
    insert.setLong(18, lastSeq);
    setLong(
        insert,
        19,
        run.kind() == RunKind.BACKFILL
            ? Optional.of(run.intendedFire().toEpochMilli())
            : Optional.empty());
  }

  /**
   * Writes the changeable columns of {@code run}, and clears its pending retry and its wait for a
   * slot: any change of a run (an attempt starts, it ends, it is abandoned) means it no longer
   * waits.
   */
  static void update(Connection connection, Run run) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(UPDATE + " WHERE job_id = ? AND run_no = ?")) {
      bindUpdate(update, run);
      if (update.executeUpdate() != 1) {
        throw new SQLException("run " + run.id() + " vanished while it was locked");
      }
    }
  }

  /**
   * {@link #update} that also reserves the run's next {@code events} event numbers, in the same
   * statement; returns the last of them (see {@link #reserveSeqs}).
   */
  static long updateReserving(Connection connection, Run run, int events) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            UPDATE + ", last_seq = last_seq + ? WHERE job_id = ? AND run_no = ?",
            new String[] {"last_seq"})) {
      bindUpdate(update, run);
      update.setInt(7, events);
      update.setString(8, run.id().jobId());
      update.setLong(9, run.id().runNo());
      return incremented(update, "the event counter of run " + run.id())
          .orElseThrow(() -> new SQLException("run " + run.id() + " vanished while it was locked"));
    }
  }

  private static final String UPDATE =
      "UPDATE cs_run SET status = ?, reason = ?, error_json = ?, started_at = ?, ended_at = ?,"
          + " attempts = ?, retry_at = NULL, slot_wait_at = NULL";

  /** Binds {@link #UPDATE}'s six values, then the run's key (parameters 7 and 8). */
  private static void bindUpdate(PreparedStatement update, Run run) throws SQLException {
    update.setString(1, run.status().code());
    update.setString(2, run.reason().orElse(null));
    update.setString(3, LedgerJson.error(run.error()));
    update.setObject(4, timestamp(run.startedAt()));
    update.setObject(5, timestamp(run.endedAt()));
    update.setInt(6, run.attempts());
    update.setString(7, run.id().jobId());
    update.setLong(8, run.id().runNo());
  }

  /** Marks the run as waiting for a retry due at {@code at}. */
  static void setRetryAt(Connection connection, RunId id, Instant at) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_run SET retry_at = ? WHERE job_id = ? AND run_no = ?")) {
      update.setObject(1, timestamp(at));
      update.setString(2, id.jobId());
      update.setLong(3, id.runNo());
      update.executeUpdate();
    }
  }

  /** When the run's pending retry is due; empty when it waits for none. */
  static Optional<Instant> retryAt(Connection connection, RunId id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT retry_at FROM cs_run WHERE job_id = ? AND run_no = ?")) {
      select.setString(1, id.jobId());
      select.setLong(2, id.runNo());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? optionalInstant(rs, "retry_at") : Optional.empty();
      }
    }
  }

  /** Records who asked for the run to be cancelled, when and why (the first request is kept). */
  static void requestCancel(Connection connection, RunId id, String who, Instant at, String reason)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_run SET cancel_requested_at = ?,"
                + " cancel_requested_by = ?, cancel_reason = ? WHERE job_id = ? AND run_no = ? AND cancel_requested_at IS NULL")) {
      update.setObject(1, timestamp(at));
      update.setString(2, who);
      update.setString(3, reason);
      update.setString(4, id.jobId());
      update.setLong(5, id.runNo());
      update.executeUpdate();
    }
  }

  static Optional<CancelRequest> cancelRequest(Connection connection, RunId id)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT cancel_requested_at, cancel_requested_by, cancel_reason FROM cs_run WHERE job_id = ? AND run_no = ?")) {
      select.setString(1, id.jobId());
      select.setLong(2, id.runNo());
      try (ResultSet rs = select.executeQuery()) {
        Optional<Instant> at =
            rs.next() ? optionalInstant(rs, "cancel_requested_at") : Optional.empty();
        return at.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new CancelRequest(
                    id,
                    rs.getString("cancel_requested_by"),
                    at.get(),
                    Optional.ofNullable(rs.getString("cancel_reason"))
                        .orElse(CancelRequest.OPERATOR)));
      }
    }
  }

  static Optional<Run> find(Connection connection, RunId id) throws SQLException {
    return one(connection, SELECT + "WHERE job_id = ? AND run_no = ?", id.jobId(), id.runNo());
  }

  /** The run, its row locked until the transaction ends. */
  static Optional<Run> lock(Connection connection, RunId id) throws SQLException {
    return one(
        connection, SELECT + "WHERE job_id = ? AND run_no = ? FOR UPDATE", id.jobId(), id.runNo());
  }

  static Optional<Run> byFireKey(Connection connection, String jobId, long fireKey)
      throws SQLException {
    return one(connection, SELECT + "WHERE job_id = ? AND fire_key = ?", jobId, fireKey);
  }

  /** The newest manual run of the job requested by {@code requestedBy} for this instant. */
  static Optional<Run> manual(
      Connection connection, String jobId, Instant intendedFire, String requestedBy)
      throws SQLException {
    return one(
        connection,
        SELECT
            + "WHERE job_id = ? AND kind = 'manual' AND intended_fire = ? AND requested_by = ?"
            + " ORDER BY run_no DESC LIMIT 1",
        jobId,
        timestamp(intendedFire),
        requestedBy);
  }

  static Optional<Run> oldestActive(Connection connection, String jobId) throws SQLException {
    return one(
        connection,
        SELECT + "WHERE job_id = ? AND status IN " + ACTIVE + " ORDER BY run_no LIMIT 1",
        jobId);
  }

  static Optional<Run> newest(Connection connection, String jobId) throws SQLException {
    return one(
        connection, SELECT + "WHERE job_id = ?" + NewestRuns.probe("", Optional.empty()), jobId);
  }

  /**
   * Newest first, below {@code beforeRunNo} when given. The {@code ORDER BY} names every column of
   * the primary key so that H2 too reads it backwards and stops at {@code limit}.
   */
  static List<Run> history(
      Connection connection, String jobId, int limit, Optional<Long> beforeRunNo)
      throws SQLException {
    return beforeRunNo.isPresent()
        ? list(
            connection,
            SELECT + "WHERE job_id = ? AND run_no < ? ORDER BY job_id DESC, run_no DESC LIMIT ?",
            jobId,
            beforeRunNo.get(),
            limit)
        : list(
            connection,
            SELECT + "WHERE job_id = ? ORDER BY job_id DESC, run_no DESC LIMIT ?",
            jobId,
            limit);
  }

  /**
   * The newest {@code limit} runs that ran and ended (every terminal status but {@code skipped}),
   * newest first by run number, of those that ended after {@code endedAfter}.
   */
  static List<Run> lastFinished(Connection connection, String jobId, int limit, Instant endedAfter)
      throws SQLException {
    return list(
        connection,
        SELECT
            + "WHERE job_id = ? AND status IN ('succeeded', 'failed', 'timed_out', 'cancelled',"
            + " 'abandoned') AND ended_at > ? ORDER BY job_id DESC, run_no DESC LIMIT ?",
        jobId,
        timestamp(endedAfter),
        limit);
  }

  /**
   * Newest first, with status {@code status}, below {@code beforeRunNo} when given: a range of
   * {@code idx_cs_run_status (job_id, status, run_no)} read backwards.
   */
  static List<Run> history(
      Connection connection, String jobId, int limit, Optional<Long> beforeRunNo, RunStatus status)
      throws SQLException {
    return list(
        connection,
        SELECT
            + "WHERE job_id = ? AND status = ? AND run_no < ?"
            + " ORDER BY job_id DESC, status DESC, run_no DESC LIMIT ?",
        jobId,
        status.code(),
        beforeRunNo.orElse(Long.MAX_VALUE),
        limit);
  }

  /**
   * The newest run of each of {@code jobIds} (of status {@code status} only, when given): one index
   * probe per job (see {@link NewestRuns}).
   */
  static List<Run> newestOf(Connection connection, List<String> jobIds, Optional<RunStatus> status)
      throws SQLException {
    return NewestRuns.of(connection, jobIds, status);
  }

  /**
   * Takes the run's next event sequence number; holds the run's row lock until the transaction
   * ends.
   */
  /**
   * Reserves the next {@code count} event numbers of the run; returns the last of them (the first
   * is {@code last - count + 1}), or empty when the run does not exist.
   */
  static Optional<Long> reserveSeqs(Connection connection, RunId id, int count)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_run SET last_seq = last_seq + ? WHERE job_id = ? AND run_no = ?",
            new String[] {"last_seq"})) {
      update.setInt(1, count);
      update.setString(2, id.jobId());
      update.setLong(3, id.runNo());
      return incremented(update, "the event counter of run " + id);
    }
  }

  private static Optional<Run> one(Connection connection, String sql, Object... args)
      throws SQLException {
    List<Run> runs = list(connection, sql, args);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  private static List<Run> list(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      return read(select);
    }
  }

  /** Runs {@code select} (its parameters set) and reads the runs it returns. */
  static List<Run> read(PreparedStatement select) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        runs.add(run(rs));
      }
    }
    return runs;
  }

  private static void setLong(PreparedStatement statement, int index, Optional<Long> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static Run run(ResultSet rs) throws SQLException {
    return new Run(
        new RunId(rs.getString("job_id"), rs.getLong("run_no")),
        RunKind.fromCode(rs.getString("kind")),
        instant(rs, "intended_fire"),
        optionalLong(rs, "replay_of"),
        RunStatus.fromCode(rs.getString("status")),
        Optional.ofNullable(rs.getString("reason")),
        LedgerJson.error(rs.getString("error_json")),
        rs.getString("requested_by"),
        instant(rs, "created_at"),
        optionalInstant(rs, "started_at"),
        optionalInstant(rs, "ended_at"),
        rs.getInt("attempts"),
        optionalLong(rs, "backfill_id"),
        upstream(rs));
  }

  private static Optional<RunId> upstream(ResultSet rs) throws SQLException {
    String job = rs.getString("upstream_job_id");
    return job == null
        ? Optional.empty()
        : Optional.of(new RunId(job, rs.getLong("upstream_run_no")));
  }
}
