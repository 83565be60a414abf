package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.RUNNING;
import static dev.cronstone.ledger.RunStatus.SKIPPED;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.Overlap;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run ledger (docs/runs.md, "Ledger"): runs, attempts and events in the store's database, the
 * source of truth for what ran. Safe to use from many threads and many processes at once; every
 * write is one transaction and goes through {@link RunTransitions}. Time comes from the clock given
 * here (or an instant passed in).
 *
 * <p>The order of writes for one attempt: {@link #startAttempt}, {@link #event}s, {@link
 * #finishAttempt}, then {@link #awaitRetry} when a retry follows, else (unless the attempt came
 * back {@link Attempt#superseded() superseded}) {@link #finish}. {@link #finish} refuses while an
 * attempt of the run that has not been superseded still runs.
 */
public final class RunLedger {
  private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);

  /** The most rows one page of {@link #history} or {@link #events} returns. */
  public static final int MAX_PAGE = 10_000;

  /** Longer event messages and attempt details are cut to this many characters. */
  public static final int MAX_TEXT = 16_000;

  /** The reasons a cancelled run may carry. */
  public static final Set<String> CANCEL_REASONS = Set.of("operator", "superseded", "shutdown");

  private static final Set<RunStatus> ATTEMPT_OUTCOMES =
      EnumSet.of(
          RunStatus.SUCCEEDED,
          RunStatus.FAILED,
          RunStatus.TIMED_OUT,
          RunStatus.CANCELLED,
          ABANDONED);

  private final DataSource dataSource;
  private final Clock clock;
  private final BegunEvents begunEvents = new BegunEvents();
  private final RunControls controls;
  private final BeginGroups beginGroups;

  public RunLedger(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.controls = new RunControls(dataSource);
    this.beginGroups = new BeginGroups(dataSource, this::now);
  }

  /**
   * Opens the run of a scheduled or catch-up fire: takes the job's next run number and inserts the
   * run ({@code queued}) in one transaction. Empty, with a WARN naming the run that holds it, when
   * the job already has a run of this intended fire: the database's unique constraint refuses the
   * second one, and the run number is not used up.
   */
  public Optional<Run> openScheduled(
      String jobId, RunKind kind, Instant intendedFire, String requestedBy) {
    Inputs.requireJobId(jobId);
    if (!Objects.requireNonNull(kind, "kind").ownsFireTime()) {
      throw new IllegalArgumentException(
          "openScheduled opens scheduled and catch_up runs, not " + kind);
    }
    Instant fire = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire"));
    try {
      return Optional.of(
          RunOpening.open(
              dataSource,
              jobId,
              kind,
              fire,
              Optional.empty(),
              Inputs.requireText(requestedBy, "requestedBy"),
              now()));
    } catch (RunOpening.DuplicateFire duplicate) {
      refused(jobId, kind, fire, requestedBy, duplicate);
      return Optional.empty();
    }
  }

  /** Logs who holds the fire a second run of the job was refused for; its run must exist. */
  private void refused(
      String jobId, RunKind kind, Instant fire, String by, RunOpening.DuplicateFire duplicate) {
    refused(jobId, kind, fire, by, duplicate, true);
  }

  /**
   * Logs who holds the fire a second run of the job was refused for, at WARN, or at INFO when the
   * caller expected that another run may hold it ({@code warn} false).
   */
  private void refused(
      String jobId,
      RunKind kind,
      Instant fire,
      String by,
      RunOpening.DuplicateFire duplicate,
      boolean warn) {
    Run holder =
        byIntendedFire(jobId, fire)
            .orElseThrow(
                () -> Jdbc.unavailable("open a run of '" + jobId + "'", duplicate.cause()));
    LOG.atLevel(warn ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
        .log(
            "[{}] refused a second {} run of '{}' for intended fire {}: {} ({}, {}, requested by '{}' at {}) holds"
                + " that fire",
            by,
            kind,
            jobId,
            fire,
            holder.id(),
            holder.kind(),
            holder.status(),
            holder.requestedBy(),
            holder.createdAt());
  }

  /**
   * The begin of a scheduled or catch-up fire, in ONE transaction: opens its run (next run number,
   * unique on job and intended fire), admits it ({@link #admit}: slots and overlap under the job's
   * counter row lock) and, when it starts, starts its first attempt with its {@code
   * attempt.started} event. Empty, with a WARN, when the job already has a run of this intended
   * fire (see {@link #openScheduled}); a caller retrying a begin whose answer was lost asks {@link
   * #begun} first.
   */
  public Optional<Admission> beginScheduled(
      String jobId,
      RunKind kind,
      Instant intendedFire,
      int maxConcurrent,
      Overlap overlap,
      String owner) {
    return beginScheduled(jobId, kind, intendedFire, maxConcurrent, overlap, owner, true);
  }

  /**
   * {@link #beginScheduled}, the refusal of a duplicate logged at WARN, or at INFO when the caller
   * expects that the fire may already have its run ({@code warnDuplicate} false: a late fire whose
   * instant the misfire rule may have run already).
   */
  public Optional<Admission> beginScheduled(
      String jobId,
      RunKind kind,
      Instant intendedFire,
      int maxConcurrent,
      Overlap overlap,
      String owner,
      boolean warnDuplicate) {
    Inputs.requireJobId(jobId);
    if (!Objects.requireNonNull(kind, "kind").ownsFireTime()) {
      throw new IllegalArgumentException("beginScheduled opens scheduled and catch_up runs");
    }
    requireSlots(maxConcurrent, overlap);
    Instant fire = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire"));
    String by = Inputs.requireText(owner, "owner");
    try {
      RunBeginning.Scheduled begun =
          beginGroups.begin(new BeginGroups.Request(jobId, kind, fire, maxConcurrent, overlap, by));
      begunEvents.put(begun.admission().run().id(), begun.events());
      return Optional.of(begun.admission());
    } catch (RunOpening.DuplicateFire duplicate) {
      refused(jobId, kind, fire, by, duplicate, warnDuplicate);
      return Optional.empty();
    }
  }

  /** The group commit of this ledger's scheduled begins (tests). */
  BeginGroups beginGroups() {
    return beginGroups;
  }

  /**
   * What an earlier {@link #beginScheduled} of {@code owner} committed for this fire (a retry after
   * its answer was lost): the run skipped, waiting, or started with its first attempt running here.
   * Empty when the fire has no run of this owner.
   */
  public Optional<Admission> begun(String jobId, Instant intendedFire, String owner) {
    Objects.requireNonNull(jobId, "jobId");
    long fireKey = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire")).toEpochMilli();
    return RunBeginning.begun(dataSource, jobId, fireKey, Inputs.requireText(owner, "owner"));
  }

  /**
   * {@link #admit} with the {@code attempt.started} event of the started attempt, in ONE
   * transaction: the begin of a run opened before its fire (manual, replay, a run that waited for a
   * slot).
   */
  public Admission beginFirst(RunId id, int maxConcurrent, Overlap overlap, String owner) {
    Objects.requireNonNull(id, "id");
    requireSlots(maxConcurrent, overlap);
    return RunBeginning.first(
        dataSource, id, maxConcurrent, overlap, Inputs.requireText(owner, "owner"), this::now);
  }

  /**
   * {@link #startAttempt} of attempt {@code attemptNo} with its {@code attempt.started} event, in
   * ONE transaction. Idempotent: when the run has attempt {@code attemptNo} of this kind and owner
   * already (an earlier try committed), returns it and writes nothing.
   */
  public Attempt beginAttempt(RunId id, AttemptKind kind, int attemptNo, String owner) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    return RunBeginning.attempt(
        dataSource, id, kind, attemptNo, Inputs.requireText(owner, "owner"), now());
  }

  /**
   * The end of an attempt, in ONE transaction: the attempt's outcome and {@code attempt.finished}
   * event, then the run's retry wait and {@code retry.scheduled} event (a cancel requested
   * meanwhile ends it cancelled instead), or the run's end and {@code run.finished} event, unless
   * the attempt came back superseded or another attempt ended the run meanwhile. Returns the run,
   * its attempts and events as they then stand. Idempotent: an attempt that already ended with this
   * outcome is not written again.
   */
  public EndResult end(EndWrite write) {
    Objects.requireNonNull(write, "write");
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "record the end of attempt " + write.attemptNo() + " of " + write.run(),
        c -> RunEnding.end(c, write, now, begunEvents));
  }

  /** A group commit of {@link #end}s with a thread of its own; close it when done. */
  public EndFlusher endFlusher(String owner) {
    return new EndFlusher(Inputs.requireText(owner, "owner"), dataSource, clock, begunEvents);
  }

  /** The batched writer of tasks' output ({@code cs_output}); close it when done. */
  public OutputFlusher outputFlusher(String owner) {
    return new OutputFlusher(Inputs.requireText(owner, "owner"), dataSource, clock);
  }

  /**
   * Up to {@code limit} output chunks of the attempt with a seq above {@code afterSeq}, in order,
   * of {@code stream} ({@code stdout}, {@code stderr}) or, when empty, of both.
   */
  public List<OutputChunk> output(
      RunId id, int attemptNo, Optional<String> stream, int afterSeq, int limit) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stream, "stream");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource,
        "read the output of attempt " + attemptNo + " of run " + id,
        c -> OutputRows.page(c, id, attemptNo, stream, afterSeq, limit));
  }

  private static void requireSlots(int maxConcurrent, Overlap overlap) {
    Objects.requireNonNull(overlap, "overlap");
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
  }

  /**
   * Opens a manual run ({@code intendedFire} = the request instant) or a replay ({@code
   * intendedFire} = the replayed fire time, {@code replayOf} = the original run's number if there
   * is one). Never refused for its fire time.
   */
  public Run openManual(
      String jobId,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      String requestedBy) {
    Inputs.requireJobId(jobId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(replayOf, "replayOf");
    if (kind.ownsFireTime()) {
      throw new IllegalArgumentException(
          "openManual opens manual and replay runs, not " + kind + " (use openScheduled)");
    }
    if (kind == RunKind.MANUAL && replayOf.isPresent()) {
      throw new IllegalArgumentException("only a replay run refers to an original run");
    }
    Instant fire = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire"));
    return RunOpening.open(
        dataSource,
        jobId,
        kind,
        fire,
        replayOf,
        Inputs.requireText(requestedBy, "requestedBy"),
        now());
  }

  /**
   * Records that the overlap or misfire policy said no: {@code queued → skipped}, with its error.
   */
  public Run skip(RunId id, ErrorCode code, String message) {
    Objects.requireNonNull(id, "id");
    if (code != ErrorCode.JOB_SKIPPED_OVERLAP && code != ErrorCode.JOB_SKIPPED_MISFIRE) {
      throw new IllegalArgumentException(
          "a skipped run carries job_skipped_overlap or job_skipped_misfire, not " + code);
    }
    ErrorEnvelope error =
        ErrorEnvelope.of(code, Inputs.requireText(message, "message"), id.jobId(), List.of());
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "skip run " + id,
        c -> {
          Run run = locked(c, id);
          RunTransitions.check(id, run.status(), SKIPPED);
          Run skipped = run.ended(SKIPPED, Optional.empty(), Optional.of(error), now);
          RunRows.update(c, skipped);
          return skipped;
        });
  }

  /**
   * Records a scheduled fire its misfire policy does not run, in ONE transaction: opens its run
   * (next run number, unique on job and intended fire) and ends it {@code skipped} with {@code
   * job_skipped_misfire}. Empty, logged at INFO, when the job already has a run of this intended
   * fire (another delivery of it, or the misfire rule ran it as the latest due fire time).
   */
  public Optional<Run> skipMissed(String jobId, Instant intendedFire, String message, String by) {
    Inputs.requireJobId(jobId);
    Instant fire = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire"));
    String owner = Inputs.requireText(by, "by");
    ErrorEnvelope error =
        ErrorEnvelope.of(
            ErrorCode.JOB_SKIPPED_MISFIRE,
            Inputs.requireText(message, "message"),
            jobId,
            List.of());
    Instant now = now();
    try {
      return Optional.of(
          RunOpening.open(
              dataSource,
              jobId,
              RunKind.SCHEDULED,
              fire,
              Optional.empty(),
              owner,
              now,
              (c, run) -> {
                Run skipped = run.ended(SKIPPED, Optional.empty(), Optional.of(error), now);
                RunRows.update(c, skipped);
                return skipped;
              }));
    } catch (RunOpening.DuplicateFire duplicate) {
      refused(jobId, RunKind.SCHEDULED, fire, owner, duplicate, false);
      return Optional.empty();
    }
  }

  /**
   * Starts the run's next attempt ({@code queued|running → running}; {@code abandoned → running}
   * only for a recovery attempt). A first attempt must be the first, a retry needs one before it. A
   * recovery attempt supersedes the attempts of the run that still run (their owner looked dead);
   * any other kind is refused while an attempt runs.
   */
  public Attempt startAttempt(RunId id, AttemptKind kind, String owner) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Inputs.requireText(owner, "owner");
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "start an attempt of run " + id,
        c -> startLocked(c, locked(c, id), kind, owner, now));
  }

  /** {@link #startAttempt} of {@code run}, locked by the caller, in the caller's transaction. */
  static Attempt startLocked(Connection c, Run run, AttemptKind kind, String owner, Instant now)
      throws SQLException {
    RunId id = run.id();
    AttemptRules.checkStart(id, run, kind);
    // Attempt rows are only inserted here, with the run's attempt count raised in the same
    // transaction: a run that has had no attempt has no running one to look for.
    List<Attempt> running = run.attempts() == 0 ? List.of() : AttemptRows.runningOf(c, id);
    if (kind == AttemptKind.RECOVERY && !running.isEmpty()) {
      AttemptRows.supersedeRunning(c, id);
      LOG.warn(
          "[{}] recovery attempt {} of {} supersedes attempt(s) {} still marked running; a late result of"
              + " theirs is kept but does not decide the run",
          owner,
          run.attempts() + 1,
          id,
          describe(running));
    } else if (!running.isEmpty()) {
      throw new IllegalRunTransitionException(
          id,
          run.status(),
          RUNNING,
          "attempt(s) "
              + describe(running)
              + " still running; only a recovery attempt may start beside a running attempt");
    }
    Attempt attempt = Attempt.begun(id, run.attempts() + 1, kind, owner, now);
    AttemptRows.insert(c, attempt);
    RunRows.update(c, run.started(attempt.attemptNo(), now));
    return attempt;
  }

  /**
   * Starts the first attempt of a queued run if the job has a free slot, else applies its overlap
   * policy (docs/policies.md), all in one transaction under the job's counter row lock, so two
   * nodes can never both take the last slot. See {@link Slots}.
   *
   * @param maxConcurrent the job's {@code limits.maxConcurrent}
   */
  public Admission admit(RunId id, int maxConcurrent, Overlap overlap, String owner) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(overlap, "overlap");
    Inputs.requireText(owner, "owner");
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
    return new Slots(dataSource).admit(id, maxConcurrent, overlap, owner, this::now);
  }

  /**
   * The job's waiting run (overlap {@code queue}) when a slot is free for it now; the caller asks
   * the cluster to fire it (its start goes through {@link #admit} again).
   */
  public Optional<RunId> waitingToStart(String jobId, int maxConcurrent) {
    Objects.requireNonNull(jobId, "jobId");
    return new Slots(dataSource).waitingToStart(jobId, maxConcurrent);
  }

  /** How many runs wait for a free slot of their job (overlap {@code queue}), cluster-wide. */
  public int waitingForSlot() {
    return new Slots(dataSource).waitingCount();
  }

  /**
   * Appends an event to the run's log with the next sequence number (1, 2, 3 …, gap-free and in
   * commit order even with concurrent writers). {@code attemptNo} 0 is the run as a whole.
   */
  public RunEvent event(
      RunId id, int attemptNo, String type, String message, Map<String, String> data) {
    Objects.requireNonNull(id, "id");
    Inputs.requireEventType(type);
    if (attemptNo < 0) {
      throw new IllegalArgumentException(
          "attemptNo must be 0 (the run) or an attempt number, got " + attemptNo);
    }
    String text = Inputs.cap(Objects.requireNonNull(message, "message"));
    Map<String, String> values = Map.copyOf(Objects.requireNonNull(data, "data"));
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "record an event of run " + id,
        c ->
            EventRows.append(c, id, attemptNo, type, text, values, now)
                .orElseThrow(() -> notFound(id)));
  }

  /**
   * Ends an attempt with its outcome ({@code succeeded}, {@code failed}, {@code timed_out}, {@code
   * cancelled} or {@code abandoned}). The result of an attempt that was abandoned meanwhile (its
   * owner looked dead) is kept and the attempt comes back {@link Attempt#superseded()}: the caller
   * must not finish the run then. Ending an attempt twice otherwise fails loudly.
   */
  public Attempt finishAttempt(
      RunId id, int attemptNo, RunStatus outcome, Optional<Integer> exitCode, String detail) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(exitCode, "exitCode");
    if (!ATTEMPT_OUTCOMES.contains(Objects.requireNonNull(outcome, "outcome"))) {
      throw new IllegalArgumentException(
          "an attempt ends " + ATTEMPT_OUTCOMES + ", not " + outcome);
    }
    Optional<String> text = Optional.ofNullable(detail).map(Inputs::cap);
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "finish attempt " + attemptNo + " of run " + id,
        c -> {
          locked(c, id);
          Attempt attempt =
              AttemptRows.find(c, id, attemptNo)
                  .orElseThrow(() -> notFound(id, "no attempt " + attemptNo + " of run " + id));
          Attempt ended = AttemptRules.end(attempt, outcome, exitCode, text, now);
          AttemptRows.update(c, ended);
          if (ended.superseded()) {
            LOG.warn(
                "[{}] attempt {} of {} ended {} after it was {}: its result is kept, marked superseded",
                attempt.owner(),
                attemptNo,
                id,
                outcome,
                attempt.running() ? "superseded by a recovery attempt" : "abandoned");
          }
          return ended;
        });
  }

  /**
   * Ends the run in a terminal status, through {@link RunTransitions#check}. A cancelled run needs
   * its reason ({@link #CANCEL_REASONS}); no other status takes one. Refused while an attempt of
   * the run that has not been superseded still runs. Its {@code run.finished} event is written in
   * the same transaction, so whoever sees the run ended also sees that event (an event stream
   * closes on the first).
   */
  public Run finish(
      RunId id, RunStatus status, Optional<ErrorEnvelope> error, Optional<String> reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(error, "error");
    Inputs.requireReason(
        Objects.requireNonNull(status, "status"), Objects.requireNonNull(reason, "reason"));
    if (!status.terminal()) {
      throw new IllegalArgumentException("a run finishes in a terminal status, not " + status);
    }
    Instant now = now();
    return Jdbc.transaction(
        dataSource,
        "finish run " + id,
        c -> {
          Run run = locked(c, id);
          RunTransitions.check(id, run.status(), status);
          List<Attempt> running = AttemptRows.runningOf(c, id);
          if (!running.isEmpty()) {
            throw new IllegalRunTransitionException(
                id,
                run.status(),
                status,
                "attempt(s) "
                    + describe(running)
                    + " still running: finish the attempt before the run");
          }
          Run ended = run.ended(status, reason, error, now);
          RunRows.update(c, ended);
          AfterRuns.queue(c, ended, now); // the downstream runs this end starts, if any
          Map<String, String> data = new LinkedHashMap<>();
          data.put("status", status.code());
          reason.ifPresent(r -> data.put("reason", r));
          String message =
              error.map(e -> e.error().message()).orElse("run " + id + " " + status.code());
          EventRows.append(c, id, 0, "run.finished", message, data, now);
          return ended;
        });
  }

  /**
   * After its attempt {@code attemptNo} ended with an outcome the retry policy retries: the run
   * (still {@code running}, no attempt running) now waits for a retry due at {@code at}, until the
   * next {@link #startAttempt} or {@link #finish}. Answers {@link RetryWait#CANCEL_REQUESTED}, and
   * changes nothing, when a cancel was requested: the caller then ends the run cancelled.
   *
   * @throws IllegalRunTransitionException when the run is not running, or its last attempt is not
   *     {@code attemptNo}, or an attempt of it still runs
   */
  public RetryWait awaitRetry(RunId id, int attemptNo, Instant at) {
    Objects.requireNonNull(id, "id");
    return controls.awaitRetry(id, attemptNo, Jdbc.millis(Objects.requireNonNull(at, "at")));
  }

  /** When the run's pending retry is due; empty when it does not wait for one. */
  public Optional<Instant> pendingRetry(RunId id) {
    return controls.pendingRetry(Objects.requireNonNull(id, "id"));
  }

  /**
   * Records a request to cancel the run (the first request's time and author are kept) with a
   * {@code cancel.requested} event. A queued run, or one waiting for a retry, ends {@code
   * cancelled} (reason {@code operator}, {@code job_cancelled}) here; a running attempt is stopped
   * by its owner, which finds the request with {@link #cancelRequested(String)}.
   *
   * @throws CronstoneException {@code job_not_found} for an unknown run, {@code invalid_argument}
   *     for a run that has ended
   */
  public Cancellation requestCancel(RunId id, String who) {
    Objects.requireNonNull(id, "id");
    return controls.requestCancel(id, Inputs.requireText(who, "who"), now());
  }

  public Optional<CancelRequest> cancelRequest(RunId id) {
    return controls.cancelRequest(Objects.requireNonNull(id, "id"));
  }

  /**
   * The running attempts of {@code owner} whose run someone asked to cancel: the owner stops them.
   */
  public List<Attempt> cancelRequested(String owner) {
    return controls.cancelRequested(Inputs.requireText(owner, "owner"));
  }

  public Optional<Run> run(RunId id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.autoCommit(dataSource, "read run " + id, c -> RunRows.find(c, id));
  }

  /** The run's attempts, in order. */
  public List<Attempt> attempts(RunId id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.autoCommit(
        dataSource, "read the attempts of run " + id, c -> AttemptRows.ofRun(c, id));
  }

  /**
   * Up to {@code limit} events of the run with a sequence number above {@code afterSeq}, in order.
   */
  public List<RunEvent> events(RunId id, long afterSeq, int limit) {
    Objects.requireNonNull(id, "id");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource, "read the events of run " + id, c -> EventRows.page(c, id, afterSeq, limit));
  }

  /**
   * The job's runs newest first, {@code limit} at a time, below run number {@code beforeRunNo} when
   * given.
   */
  public List<Run> history(String jobId, int limit, Optional<Long> beforeRunNo) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(beforeRunNo, "beforeRunNo");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource,
        "read the run history of '" + jobId + "'",
        c -> RunRows.history(c, jobId, limit, beforeRunNo));
  }

  /**
   * The job's newest {@code limit} finished runs that ran (every terminal status but {@code
   * skipped}), newest first by run number, of those that ended after {@code endedAfter} when given:
   * what {@code policy.pauseAfterFailures} counts (docs/policies.md).
   */
  public List<Run> lastFinished(String jobId, int limit, Optional<Instant> endedAfter) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(endedAfter, "endedAfter");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource,
        "read the last finished runs of '" + jobId + "'",
        c -> RunRows.lastFinished(c, jobId, limit, endedAfter.orElse(Instant.EPOCH)));
  }

  /** {@link #history(String, int, Optional)} of the runs with status {@code status} only. */
  public List<Run> history(String jobId, int limit, Optional<Long> beforeRunNo, RunStatus status) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(beforeRunNo, "beforeRunNo");
    Objects.requireNonNull(status, "status");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource,
        "read the " + status.code() + " runs of '" + jobId + "'",
        c -> RunRows.history(c, jobId, limit, beforeRunNo, status));
  }

  /**
   * The newest run of each job of {@code jobIds} that has one (of status {@code status} only, when
   * given), by job id; at most {@link #MAX_PAGE} ids.
   */
  public java.util.Map<String, Run> newestOf(List<String> jobIds, Optional<RunStatus> status) {
    Objects.requireNonNull(jobIds, "jobIds");
    Objects.requireNonNull(status, "status");
    Inputs.requireLimit(Math.max(1, jobIds.size()));
    java.util.Map<String, Run> byJob = new java.util.HashMap<>();
    Jdbc.autoCommit(
            dataSource,
            "read the newest runs of " + jobIds.size() + " job(s)",
            c -> RunRows.newestOf(c, jobIds, status))
        .forEach(r -> byJob.put(r.id().jobId(), r));
    return byJob;
  }

  /** The job's oldest queued or running run, else its newest run. */
  public Optional<Run> activeOrLatest(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return Jdbc.autoCommit(
        dataSource,
        "read the runs of '" + jobId + "'",
        c -> {
          Optional<Run> active = RunRows.oldestActive(c, jobId);
          return active.isPresent() ? active : RunRows.newest(c, jobId);
        });
  }

  /** The scheduled or catch-up run of this intended fire instant (to the millisecond). */
  public Optional<Run> byIntendedFire(String jobId, Instant intendedFire) {
    Objects.requireNonNull(jobId, "jobId");
    long fireKey = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire")).toEpochMilli();
    return Jdbc.autoCommit(
        dataSource,
        "read the run of '" + jobId + "' at " + intendedFire,
        c -> RunRows.byFireKey(c, jobId, fireKey));
  }

  /**
   * The manual run {@code requestedBy} asked for at {@code intendedFire} (the newest such run), to
   * find again the run a recovered fire belongs to when its trigger carries no run number (a Quartz
   * client's {@code triggerJob}).
   */
  public Optional<Run> manualRun(String jobId, Instant intendedFire, String requestedBy) {
    Objects.requireNonNull(jobId, "jobId");
    Instant fire = Jdbc.millis(Objects.requireNonNull(intendedFire, "intendedFire"));
    return Jdbc.autoCommit(
        dataSource,
        "read the manual run of '" + jobId + "' at " + intendedFire,
        c -> RunRows.manual(c, jobId, fire, Objects.requireNonNull(requestedBy, "requestedBy")));
  }

  /**
   * The runs that ended at or after {@code since} whose latest attempt was {@code owner}'s, newest
   * first, at most {@code limit}, with when each ended (for the node's repair of missing
   * artifacts).
   */
  public Map<RunId, Instant> endedBy(String owner, Instant since, int limit) {
    Inputs.requireText(owner, "owner");
    Objects.requireNonNull(since, "since");
    Inputs.requireLimit(limit);
    return Jdbc.autoCommit(
        dataSource,
        "read the runs '" + owner + "' ended since " + since,
        c -> {
          Map<RunId, Instant> ended = new java.util.LinkedHashMap<>();
          try (java.sql.PreparedStatement select =
              c.prepareStatement(
                  "SELECT r.job_id, r.run_no, r.ended_at FROM cs_run r JOIN cs_attempt a"
                      + " ON a.job_id = r.job_id AND a.run_no = r.run_no AND a.attempt_no = r.attempts"
                      + " WHERE r.ended_at >= ? AND a.owner = ? ORDER BY r.ended_at DESC")) {
            select.setObject(1, Jdbc.timestamp(since));
            select.setString(2, owner);
            select.setMaxRows(limit);
            try (java.sql.ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                ended.put(new RunId(rs.getString(1), rs.getLong(2)), Jdbc.instant(rs, "ended_at"));
              }
            }
          }
          return ended;
        });
  }

  /**
   * Sets {@code heartbeat_at} of every running attempt of {@code owner} to {@code now}; returns how
   * many.
   */
  public int heartbeat(String owner, Instant now) {
    Inputs.requireText(owner, "owner");
    Objects.requireNonNull(now, "now");
    // A transaction, so that a lost connection is tried again at once: a missed heartbeat makes
    // attempts stale. Rows held by a concurrent end are skipped (AttemptRows.heartbeat).
    return Jdbc.transaction(
        dataSource,
        "heartbeat the attempts of '" + owner + "'",
        c -> AttemptRows.heartbeat(c, owner, now));
  }

  /**
   * Ends {@code abandoned} every running attempt whose owner has not heartbeated for more than
   * {@code threshold}, and abandons its run ({@code job_abandoned}) unless another attempt of the
   * run still runs. Records an event for each. Returns the runs with an attempt abandoned here.
   * Safe to call from every node at once: each attempt is abandoned by exactly one caller.
   */
  public List<RunId> abandonStale(Instant now, Duration threshold) {
    Objects.requireNonNull(now, "now");
    if (Objects.requireNonNull(threshold, "threshold").isNegative()) {
      throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
    }
    return new Abandonment(dataSource).run(Jdbc.millis(now), threshold);
  }

  /**
   * Deletes the job's ended runs (with their attempts and events, in one transaction) that are not
   * among its newest {@code keepLast} runs, or that ended more than {@code olderThan} ago: either
   * rule prunes. Queued and running runs are never pruned. A dry run only reports.
   */
  public PruneResult prune(
      String jobId, OptionalInt keepLast, Optional<Duration> olderThan, boolean dryRun) {
    Objects.requireNonNull(jobId, "jobId");
    return new Pruning(dataSource, jobId, keepLast, olderThan).run(now(), dryRun);
  }

  private Instant now() {
    return Jdbc.millis(clock.instant());
  }

  private static Run locked(Connection c, RunId id) throws SQLException {
    return RunRows.lock(c, id).orElseThrow(() -> notFound(id));
  }

  static String describe(List<Attempt> attempts) {
    return String.join(
        ", ", attempts.stream().map(a -> a.attemptNo() + " (owner '" + a.owner() + "')").toList());
  }

  static CronstoneException notFound(RunId id) {
    return notFound(id, "no run '" + id + "'");
  }

  static CronstoneException notFound(RunId id, String message) {
    return new CronstoneException(ErrorCode.JOB_NOT_FOUND, message, id.jobId(), List.of());
  }
}
