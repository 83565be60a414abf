package dev.cronstone.ledger;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.HumanDuration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends attempts whose owner stopped heartbeating, and their runs when nothing else runs them. Each
 * run is handled in a transaction of its own under its row lock, and each attempt is ended only if
 * it still runs without a fresh heartbeat, so every node can do this at once.
 */
final class Abandonment {
  private static final Logger LOG = LoggerFactory.getLogger(Abandonment.class);

  /** Stale attempts read per round. */
  static final int BATCH = 500;

  private final DataSource dataSource;

  Abandonment(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<RunId> run(Instant now, Duration threshold) {
    Instant cutoff = now.minus(threshold);
    List<RunId> changed = new ArrayList<>();
    while (true) {
      List<AttemptRows.Stale> stale =
          Jdbc.autoCommit(
              dataSource, "find stale attempts", c -> AttemptRows.stale(c, cutoff, BATCH));
      Map<RunId, List<AttemptRows.Stale>> byRun = new LinkedHashMap<>();
      stale.forEach(s -> byRun.computeIfAbsent(s.run(), r -> new ArrayList<>()).add(s));
      int before = changed.size();
      for (Map.Entry<RunId, List<AttemptRows.Stale>> entry : byRun.entrySet()) {
        if (Jdbc.transaction(
            dataSource,
            "abandon the stale attempts of run " + entry.getKey(),
            c -> abandon(c, entry.getKey(), entry.getValue(), cutoff, now, threshold))) {
          changed.add(entry.getKey());
        }
      }
      if (stale.size() < BATCH || changed.size() == before) {
        break;
      }
    }
    Instant orphanCutoff = cutoff.minus(ORPHAN_GRACE);
    for (RunId id :
        Jdbc.autoCommit(dataSource, "find orphaned runs", c -> orphans(c, orphanCutoff, BATCH))) {
      if (Jdbc.transaction(
          dataSource, "abandon orphaned run " + id, c -> abandonOrphan(c, id, orphanCutoff, now))) {
        changed.add(id);
      }
    }
    return changed;
  }

  /**
   * How long past the failure threshold a run may stay {@code running} after its last attempt
   * ended, with no retry pending, before it counts as orphaned: its owner ends the run right after
   * the attempt, so only an owner that died in between (or cannot reach the store) leaves it so.
   */
  static final Duration ORPHAN_GRACE = Duration.ofSeconds(60);

  private static final String ORPHANED =
      "FROM cs_run r WHERE r.status = 'running' AND r.retry_at IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM cs_attempt a WHERE a.job_id = r.job_id"
          + " AND a.run_no = r.run_no AND a.ended_at IS NULL)"
          + " AND EXISTS (SELECT 1 FROM cs_attempt a WHERE a.job_id = r.job_id"
          + " AND a.run_no = r.run_no AND a.attempt_no = r.attempts AND a.ended_at < ?)";

  private static List<RunId> orphans(Connection c, Instant cutoff, int limit) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT r.job_id, r.run_no " + ORPHANED + " LIMIT ?")) {
      select.setObject(1, Jdbc.timestamp(cutoff));
      select.setInt(2, limit);
      List<RunId> found = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          found.add(new RunId(rs.getString(1), rs.getLong(2)));
        }
      }
      return found;
    }
  }

  /** Ends a run whose last attempt ended long ago while the run stayed running (its owner died). */
  private static boolean abandonOrphan(Connection c, RunId id, Instant cutoff, Instant now)
      throws SQLException {
    Optional<Run> run = RunRows.lock(c, id);
    if (run.isEmpty() || run.get().status() != RunStatus.RUNNING) {
      return false;
    }
    try (PreparedStatement check =
        c.prepareStatement("SELECT 1 " + ORPHANED + " AND r.job_id = ? AND r.run_no = ?")) {
      check.setObject(1, Jdbc.timestamp(cutoff));
      check.setString(2, id.jobId());
      check.setLong(3, id.runNo());
      try (ResultSet rs = check.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
      }
    }
    Attempt last = AttemptRows.find(c, id, run.get().attempts()).orElseThrow();
    String message =
        "run "
            + id
            + " abandoned: attempt "
            + last.attemptNo()
            + " (owner '"
            + last.owner()
            + "') ended "
            + last.outcome().map(RunStatus::code).orElse("?")
            + " at "
            + last.endedAt().map(Instant::toString).orElse("?")
            + " but its owner never ended the run";
    endAbandoned(c, run.get(), last.owner(), message, now);
    return true;
  }

  /**
   * Ends the running run {@code abandoned} with {@code job_abandoned} and its event. When no
   * recovery attempt can follow ({@link Recoverability}), the abandonment is the run's end and
   * queues its downstream runs ({@code on: failure} and {@code always}) in this same transaction.
   */
  private static void endAbandoned(Connection c, Run run, String owner, String message, Instant now)
      throws SQLException {
    RunId id = run.id();
    RunTransitions.check(id, RunStatus.RUNNING, RunStatus.ABANDONED);
    Run ended =
        run.ended(
            RunStatus.ABANDONED,
            Optional.empty(),
            Optional.of(ErrorEnvelope.of(ErrorCode.JOB_ABANDONED, message, id.jobId(), List.of())),
            now);
    RunRows.update(c, ended);
    EventRows.append(c, id, 0, "run.abandoned", message, Map.of("owner", owner), now);
    LOG.warn("[{}] {}", owner, message);
    if (!Recoverability.mayRecover(run, owner, Recoverability.jobRecovers(c, id.jobId()))) {
      AfterRuns.queue(c, ended, now); // a final end: the downstream runs it starts, if any
    }
  }

  private static boolean abandon(
      Connection c,
      RunId id,
      List<AttemptRows.Stale> stale,
      Instant cutoff,
      Instant now,
      Duration threshold)
      throws SQLException {
    Optional<Run> run = RunRows.lock(c, id);
    if (run.isEmpty()) {
      return false;
    }
    List<AttemptRows.Stale> abandoned = new ArrayList<>();
    for (AttemptRows.Stale attempt : stale) {
      String why =
          "owner '"
              + attempt.owner()
              + "' stopped heartbeating: last heartbeat "
              + attempt.heartbeatAt()
              + ", more than "
              + HumanDuration.of(threshold)
              + " before "
              + now;
      if (AttemptRows.abandon(c, id, attempt.attemptNo(), cutoff, now, why)) {
        abandoned.add(attempt);
        EventRows.append(
            c,
            id,
            attempt.attemptNo(),
            "attempt.abandoned",
            "attempt " + attempt.attemptNo() + " abandoned: " + why,
            Map.of("owner", attempt.owner(), "lastHeartbeat", attempt.heartbeatAt().toString()),
            now);
      }
    }
    if (abandoned.isEmpty()) {
      return false;
    }
    AttemptRows.Stale last = abandoned.get(abandoned.size() - 1);
    // The run is abandoned only with its latest attempt: a later attempt (a recovery that
    // superseded the stale one) belongs to a live owner, who may be between ending that attempt
    // and ending the run.
    if (run.get().status() == RunStatus.RUNNING
        && last.attemptNo() == run.get().attempts()
        && AttemptRows.runningOf(c, id).isEmpty()) {
      String message =
          "run "
              + id
              + " abandoned: the owner '"
              + last.owner()
              + "' of attempt "
              + last.attemptNo()
              + " stopped heartbeating (last heartbeat "
              + last.heartbeatAt()
              + ") and no other attempt runs it";
      endAbandoned(c, run.get(), last.owner(), message, now);
    } else {
      LOG.warn(
          "[{}] attempt {} of {} abandoned (its owner stopped heartbeating); the run goes on ({})",
          last.owner(),
          last.attemptNo(),
          id,
          run.get().status());
    }
    return true;
  }
}
