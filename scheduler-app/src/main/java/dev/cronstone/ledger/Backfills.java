package dev.cronstone.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Backfills in the ledger (docs/runs.md, "Backfill"): a request creates one queued {@code backfill}
 * run per instant of the range that has none yet, in one transaction holding the job's run-counter
 * row lock (so two requests for overlapping ranges, on any node, serialise; the unique key of job
 * and instant is the last guard); a node's pump then starts them while the job has a free {@code
 * maxConcurrent} slot, each start one transaction under the same lock, exactly like an admission
 * that found a free slot.
 */
public final class Backfills {
  /** A backfill run whose first attempt began here: it runs on the caller's node now. */
  public record Started(Run run, Attempt attempt) {
    public Started {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(attempt, "attempt");
    }
  }

  private static final int MAX_ROUNDS = 3;

  private final DataSource dataSource;
  private final Clock clock;

  public Backfills(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates a queued backfill run for each of {@code instants} (the schedule's instants in {@code
   * [from, to)}, oldest first) that has no backfill run yet, with its {@code run.queued} event; the
   * backfill's row is written only when at least one run is created.
   */
  public BackfillResult create(
      String jobId, Instant from, Instant to, List<Instant> instants, String requestedBy) {
    for (int round = 1; ; round++) {
      try {
        Optional<BackfillResult> result =
            Jdbc.transaction(
                dataSource,
                "backfill '" + jobId + "'",
                c -> created(c, jobId, from, to, instants, requestedBy));
        if (result.isPresent()) {
          return result.get();
        }
        if (round >= MAX_ROUNDS) {
          throw new IllegalStateException(
              "the run counter of '" + jobId + "' could not be created");
        }
        Jdbc.autoCommit(
            dataSource,
            "create the run counter of '" + jobId + "'",
            c -> {
              RunRows.createCounter(c, jobId);
              return null;
            });
      } catch (RunOpening.DuplicateFire e) {
        if (round >= MAX_ROUNDS) {
          throw Jdbc.unavailable("backfill '" + jobId + "'", e.cause());
        }
      }
    }
  }

  private Optional<BackfillResult> created(
      Connection c,
      String jobId,
      Instant from,
      Instant to,
      List<Instant> instants,
      String requestedBy)
      throws SQLException {
    Optional<Long> last = BackfillRows.lockCounter(c, jobId);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Set<Long> keys = BackfillRows.keys(c, jobId, from, to);
    List<Instant> present = new ArrayList<>();
    List<Instant> missing = new ArrayList<>();
    for (Instant at : instants) {
      (keys.contains(at.toEpochMilli()) ? present : missing).add(at);
    }
    if (missing.isEmpty()) {
      return Optional.of(new BackfillResult(Optional.empty(), List.of(), present));
    }
    Instant now = Jdbc.millis(clock.instant());
    long backfillId = BackfillRows.insert(c, jobId, from, to, requestedBy, now, missing.size());
    long runNo = last.get();
    for (Instant at : missing) {
      runNo++;
      Run run = queued(new RunId(jobId, runNo), at, requestedBy, now, backfillId);
      RunOpening.insert(c, run, 1);
      EventRows.insert(
          c,
          new RunEvent(
              run.id(),
              1,
              now,
              0,
              "run.queued",
              "run " + run.id() + " queued by " + requestedBy + " (backfill " + backfillId + ")",
              Map.of("kind", RunKind.BACKFILL.code(), "backfill", Long.toString(backfillId))));
    }
    BackfillRows.setCounter(c, jobId, runNo);
    return Optional.of(new BackfillResult(Optional.of(backfillId), missing, present));
  }

  private static Run queued(RunId id, Instant at, String requestedBy, Instant now, long backfill) {
    return new Run(
        id,
        RunKind.BACKFILL,
        at,
        Optional.empty(),
        RunStatus.QUEUED,
        Optional.empty(),
        Optional.empty(),
        requestedBy,
        now,
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.of(backfill));
  }

  /** The job's backfills, newest first (at most {@code limit}), with their runs' counts. */
  public List<Backfill> list(String jobId, int limit) {
    return Jdbc.autoCommit(
        dataSource,
        "read the backfills of '" + jobId + "'",
        c -> BackfillRows.list(c, jobId, limit));
  }

  /**
   * The runs of backfill {@code backfillId} of the job, newest first, below run number {@code
   * beforeRunNo} when given, at most {@code limit}.
   */
  public List<Run> runs(String jobId, long backfillId, int limit, Optional<Long> beforeRunNo) {
    return Jdbc.autoCommit(
        dataSource,
        "read the runs of backfill " + backfillId + " of '" + jobId + "'",
        c -> BackfillRows.runs(c, jobId, backfillId, beforeRunNo.orElse(Long.MAX_VALUE), limit));
  }

  /** The jobs that have a backfill or {@code after} run waiting to start. */
  public List<String> waitingJobs() {
    return Jdbc.autoCommit(
        dataSource, "read the jobs with waiting backfill runs", BackfillRows::waitingJobs);
  }

  /**
   * Starts the job's lowest-numbered queued backfill and {@code after} runs, as many as the job has
   * free slots ({@code maxConcurrent} minus its running runs, the same count an admission uses) and
   * at most {@code limit}: each gets its first attempt, owned by {@code owner}, and its {@code
   * attempt.started} event, in one transaction holding the job's lock. A run that finds no slot
   * stays queued (it is never skipped).
   */
  public List<Started> start(String jobId, int maxConcurrent, int limit, String owner) {
    if (limit <= 0) {
      return List.of();
    }
    return Jdbc.transaction(
        dataSource,
        "start backfill runs of '" + jobId + "'",
        c -> {
          Slots.lockJob(c, jobId);
          int free = maxConcurrent - Slots.going(c, jobId).size();
          if (free <= 0) {
            return List.of();
          }
          List<Run> next = BackfillRows.nextQueued(c, jobId, Math.min(free, limit));
          // Read after the running runs, as an admission does (see Slots#admit).
          Instant now = Jdbc.millis(clock.instant());
          List<Started> started = new ArrayList<>(next.size());
          for (Run run : next) {
            Attempt attempt = RunLedger.startLocked(c, run, AttemptKind.FIRST, owner, now);
            RunBeginning.started(c, attempt, attempt.startedAt());
            started.add(new Started(run.started(attempt.attemptNo(), now), attempt));
          }
          return started;
        });
  }
}
