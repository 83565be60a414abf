package dev.cronstone.ledger;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.Overlap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A job's {@code maxConcurrent} slots, cluster-wide (docs/policies.md, "Concurrency: maxConcurrent
 * and overlap"). A run holds a slot from its first attempt until it ends, a wait for a retry
 * included; a run someone asked to stop (a cancel request, operator or superseded) gives its slot
 * up at once. The decision for a run about to start is taken in one transaction holding the job's
 * {@code cs_run_counter} row lock (the lock that also serialises run openings), and the first
 * attempt starts in that same transaction: the next decision for the job, on any node, sees it. So
 * no two nodes can take the last slot.
 */
final class Slots {
  static final String OVERLAP_BY = "overlap";
  private static final String GOING =
      "SELECT run_no FROM cs_run WHERE job_id = ? AND status = 'running'"
          + " AND cancel_requested_at IS NULL AND run_no <> ? ORDER BY started_at, run_no";
  private static final String WAITING =
      "SELECT run_no FROM cs_run WHERE job_id = ? AND status = 'queued'"
          + " AND slot_wait_at IS NOT NULL AND run_no <> ? ORDER BY run_no";

  private final DataSource dataSource;

  Slots(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * {@code clock} is read once the job's lock is held and the running runs are read: the attempt
   * starts when it got its slot, so its start is never before the end that freed the slot (an end
   * commits without the job's lock).
   */
  Admission admit(RunId id, int max, Overlap overlap, String owner, Supplier<Instant> clock) {
    return Jdbc.transaction(
        dataSource,
        "admit run " + id,
        c -> {
          lockJob(c, id.jobId());
          return admitLocked(c, id, max, overlap, owner, clock);
        });
  }

  /**
   * {@link #admit} in the caller's transaction, which holds the job's counter row lock already (it
   * opened the run, or called {@link #lockJob}).
   */
  static Admission admitLocked(
      Connection c, RunId id, int max, Overlap overlap, String owner, Supplier<Instant> clock)
      throws SQLException {
    Run run = RunRows.lock(c, id).orElseThrow(() -> RunLedger.notFound(id));
    return admit(c, run, isWaiting(c, id), max, overlap, owner, clock);
  }

  /**
   * {@link #admitLocked} of a run the caller's transaction has just inserted (so it holds the job's
   * counter row lock and the run's row, and the run waits for no slot yet): nothing to read back.
   */
  static Admission admitOpened(
      Connection c, Run opened, int max, Overlap overlap, String owner, Supplier<Instant> clock)
      throws SQLException {
    return admit(c, opened, false, max, overlap, owner, clock);
  }

  private static Admission admit(
      Connection c,
      Run run,
      boolean waited,
      int max,
      Overlap overlap,
      String owner,
      Supplier<Instant> clock)
      throws SQLException {
    AttemptRules.checkStart(run.id(), run, AttemptKind.FIRST);
    List<RunId> going = runs(c, GOING, run.id());
    // Read after the running runs: an end that committed before that read ended before this instant
    // (on this host's clock), so a started attempt never overlaps the attempt whose slot it takes.
    return decide(c, run, waited, going, max, overlap, owner, clock.get());
  }

  /**
   * The job's runs that hold a slot now, in the order {@code replace} supersedes them; for a run
   * about to be opened (the caller holds the job's counter row lock).
   */
  static List<RunId> going(Connection c, String jobId) throws SQLException {
    return runs(c, GOING, jobId, 0);
  }

  /** {@link #going(Connection, String)} of several jobs in one query; jobs with none are absent. */
  static Map<String, List<RunId>> going(Connection c, List<String> jobIds) throws SQLException {
    Map<String, List<RunId>> going = new HashMap<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT job_id, run_no FROM cs_run WHERE job_id IN ("
                + String.join(", ", Collections.nCopies(jobIds.size(), "?"))
                + ") AND status = 'running' AND cancel_requested_at IS NULL"
                + " ORDER BY job_id, started_at, run_no")) {
      for (int i = 0; i < jobIds.size(); i++) {
        select.setString(i + 1, jobIds.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          String jobId = rs.getString(1);
          going.computeIfAbsent(jobId, k -> new ArrayList<>()).add(new RunId(jobId, rs.getLong(2)));
        }
      }
    }
    return going;
  }

  /**
   * The admission of {@code run} given the runs that hold a slot ({@code going}, read under the
   * job's lock, before {@code now} was read).
   */
  static Admission decide(
      Connection c,
      Run run,
      boolean waited,
      List<RunId> going,
      int max,
      Overlap overlap,
      String owner,
      Instant now)
      throws SQLException {
    RunId id = run.id();
    if (going.size() < max) {
      if (waited) {
        EventRows.append(
            c,
            id,
            0,
            "overlap.started",
            "a slot freed (" + going.size() + " of " + max + " taken): the waiting run starts",
            Map.of("maxConcurrent", Integer.toString(max)),
            now);
      }
      return started(c, run, owner, now, going, Optional.empty());
    }
    String full = "maxConcurrent " + max + " reached: " + describe(going) + " running";
    return switch (overlap) {
      case SKIP -> skipped(c, run, full + "; overlap skip", going, now);
      case QUEUE -> queued(c, run, waited, full, going, now);
      case REPLACE -> replaced(c, run, going.get(0), full, owner, going, now);
    };
  }

  Optional<RunId> waitingToStart(String jobId, int max) {
    return Jdbc.autoCommit(
        dataSource,
        "read the waiting run of '" + jobId + "'",
        c -> {
          List<RunId> waiting = runs(c, WAITING, jobId, 0);
          return waiting.isEmpty() || runs(c, GOING, jobId, 0).size() >= max
              ? Optional.empty()
              : Optional.of(waiting.get(0));
        });
  }

  int waitingCount() {
    return Jdbc.autoCommit(
        dataSource,
        "count the runs waiting for a slot",
        c -> {
          try (PreparedStatement count =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM cs_run WHERE status = 'queued' AND slot_wait_at IS NOT NULL");
              ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  private static Admission started(
      Connection c, Run run, String owner, Instant now, List<RunId> going, Optional<RunId> replaced)
      throws SQLException {
    Attempt attempt = RunLedger.startLocked(c, run, AttemptKind.FIRST, owner, now);
    Run started = run.started(attempt.attemptNo(), now); // as startLocked wrote it
    return new Admission(
        replaced.isPresent() ? Admission.Decision.REPLACED : Admission.Decision.STARTED,
        started,
        Optional.of(attempt),
        going,
        replaced);
  }

  private static Admission skipped(
      Connection c, Run run, String message, List<RunId> going, Instant now) throws SQLException {
    RunId id = run.id();
    RunTransitions.check(id, run.status(), RunStatus.SKIPPED);
    String text = "run " + id + " skipped: " + message;
    Run skipped =
        run.ended(
            RunStatus.SKIPPED,
            Optional.empty(),
            Optional.of(
                ErrorEnvelope.of(ErrorCode.JOB_SKIPPED_OVERLAP, text, id.jobId(), List.of())),
            now);
    RunRows.update(c, skipped);
    EventRows.append(c, id, 0, "overlap.skipped", text, Map.of("going", describe(going)), now);
    return new Admission(
        Admission.Decision.SKIPPED, skipped, Optional.empty(), going, Optional.empty());
  }

  private static Admission queued(
      Connection c, Run run, boolean waited, String full, List<RunId> going, Instant now)
      throws SQLException {
    RunId id = run.id();
    if (!waited) {
      List<RunId> other = runs(c, WAITING, id);
      if (!other.isEmpty()) {
        return skipped(
            c,
            run,
            full
                + " and run "
                + other.get(0)
                + " is already waiting (overlap queue keeps at most"
                + " one waiting run per job)",
            going,
            now);
      }
      setWaiting(c, id, now);
      EventRows.append(
          c,
          id,
          0,
          "overlap.queued",
          "run " + id + " waits for a slot: " + full,
          Map.of("going", describe(going)),
          now);
    }
    return new Admission(
        Admission.Decision.WAITING,
        RunRows.find(c, id).orElseThrow(),
        Optional.empty(),
        going,
        Optional.empty());
  }

  private static Admission replaced(
      Connection c,
      Run run,
      RunId oldest,
      String full,
      String owner,
      List<RunId> going,
      Instant now)
      throws SQLException {
    Run old = RunRows.lock(c, oldest).orElseThrow(() -> RunLedger.notFound(oldest));
    RunControls.requestLocked(
        c, old, OVERLAP_BY + " (superseded by " + run.id() + ")", CancelRequest.SUPERSEDED, now);
    EventRows.append(
        c,
        run.id(),
        0,
        "overlap.replaced",
        full
            + "; overlap replace: "
            + oldest
            + " is cancelled (superseded) and "
            + run.id()
            + " starts now",
        Map.of("replaced", oldest.toString()),
        now);
    return started(c, run, owner, now, going, Optional.of(oldest));
  }

  /**
   * Takes the job's counter row lock until the transaction ends (the row exists: the run was
   * opened).
   */
  static void lockJob(Connection c, String jobId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT last_run_no FROM cs_run_counter WHERE job_id = ? FOR UPDATE")) {
      select.setString(1, jobId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("job '" + jobId + "' has a run but no run counter");
        }
      }
    }
  }

  private static boolean isWaiting(Connection c, RunId id) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT slot_wait_at FROM cs_run WHERE job_id = ? AND run_no = ? AND slot_wait_at IS NOT NULL")) {
      select.setString(1, id.jobId());
      select.setLong(2, id.runNo());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void setWaiting(Connection c, RunId id, Instant now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE cs_run SET slot_wait_at = ? WHERE job_id = ? AND run_no = ?")) {
      update.setObject(1, Jdbc.timestamp(now));
      update.setString(2, id.jobId());
      update.setLong(3, id.runNo());
      update.executeUpdate();
    }
  }

  private static List<RunId> runs(Connection c, String sql, RunId except) throws SQLException {
    return runs(c, sql, except.jobId(), except.runNo());
  }

  /** The job's run ids the query selects, all but run {@code exceptRunNo} (0: none excepted). */
  private static List<RunId> runs(Connection c, String sql, String jobId, long exceptRunNo)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, jobId);
      select.setLong(2, exceptRunNo);
      List<RunId> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(new RunId(jobId, rs.getLong(1)));
        }
      }
      return ids;
    }
  }

  private static String describe(List<RunId> runs) {
    return runs.isEmpty() ? "none" : String.join(", ", runs.stream().map(RunId::toString).toList());
  }
}
