package dev.cronstone.runs;

import dev.cronstone.artifacts.ArtifactResult;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.execution.FireContext;
import dev.cronstone.execution.FireHandler;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.Outcome;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Admission;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.CancelRequest;
import dev.cronstone.ledger.IllegalRunTransitionException;
import dev.cronstone.ledger.RetryWait;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.policy.RetryPolicy;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import dev.cronstone.store.MissedFires;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one attempt of a run from start to end, on the calling thread: opens (or finds) the run in
 * the ledger, starts the attempt, runs the task with its progress recorded as events, ends the
 * attempt and the run, and writes the run's artifacts. The same path serves a node's fires and the
 * CLI's {@code run --local}. Every resolved secret is masked in what it records.
 *
 * <p>After an attempt whose outcome the job's retry policy retries, the run is not finished: it
 * waits for its retry in the ledger and a {@link RetryTrigger} starts the next attempt when it is
 * due (on any node). The attempts running here are registered with their threads: {@link
 * #stopCancelled()} (the owner's heartbeat step) interrupts those someone asked to cancel, {@link
 * #stopAll()} (graceful stop) every one of them.
 */
public final class RunDriver implements FireHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
  static final String OPERATOR = "operator";
  static final String SHUTDOWN = "shutdown";

  private static final int MAX_CACHED_SCHEDULES = 20_000;

  private final Map<ScheduleSpec, Schedule> schedules = new ConcurrentHashMap<>();
  private final String owner;
  private final RunLedger ledger;
  private final TaskExecutor executor;
  private final ArtifactWriter artifacts;
  private final Function<String, Optional<String>> env;
  private final RetryTrigger retries;
  private final SlotTrigger slots;
  private final Clock clock;
  private final RunMetrics metrics;
  private final RunningAttempts running = new RunningAttempts();

  /**
   * @param owner the node id, or {@code cli:<host>:<pid>} for a run in the CLI's own process
   * @param env where {@code ${env:NAME}} secrets are read from (and then masked)
   * @param retries starts a run's next attempt when its retry is due
   * @param slots starts a job's waiting run (overlap {@code queue}) when a run of the job ends here
   */
  public RunDriver(
      String owner,
      RunLedger ledger,
      TaskExecutor executor,
      ArtifactWriter artifacts,
      Function<String, Optional<String>> env,
      RetryTrigger retries,
      SlotTrigger slots,
      Clock clock) {
    this(owner, ledger, executor, artifacts, env, retries, slots, clock, RunMetrics.NOOP);
  }

  /**
   * @param metrics what this driver reports about runs, attempts, retries, skips and misfires
   */
  public RunDriver(
      String owner,
      RunLedger ledger,
      TaskExecutor executor,
      ArtifactWriter artifacts,
      Function<String, Optional<String>> env,
      RetryTrigger retries,
      SlotTrigger slots,
      Clock clock,
      RunMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.env = Objects.requireNonNull(env, "env");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.slots = Objects.requireNonNull(slots, "slots");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void fired(JobSpec spec, FireRequest fire) throws InterruptedException {
    Optional<Run> found =
        fire.runNo().isPresent()
            ? ledger.run(new RunId(spec.id(), fire.runNo().getAsLong()))
            : openScheduled(spec, fire);
    if (found.isEmpty()) {
      return;
    }
    Run run = found.get();
    Optional<AttemptKind> kind = nextAttempt(run, fire);
    if (kind.isEmpty()) {
      LOG.info(
          "[{}] {}: nothing to start; the run is {} with {} attempt(s)",
          owner,
          run.id(),
          run.status().code(),
          run.attempts());
      return;
    }
    run(spec, run, kind.get());
  }

  /**
   * A fire carrying missed fire times: {@link Misfires} records, runs or replays them per the job's
   * {@code schedule.misfire}, each run through {@link #fired}.
   */
  @Override
  public void misfired(JobSpec spec, MissedFires missed, boolean recovering)
      throws InterruptedException {
    new Misfires(owner, ledger, this, metrics).handle(spec, missed, recovering);
  }

  /** The attempt a fire starts: a retry of a run waiting for one, a recovery, or the first. */
  private Optional<AttemptKind> nextAttempt(Run run, FireRequest fire) {
    if (run.attempts() == 0) {
      return run.status().terminal() ? Optional.empty() : Optional.of(AttemptKind.FIRST);
    }
    Optional<Instant> retryDue =
        run.status() == RunStatus.RUNNING ? ledger.pendingRetry(run.id()) : Optional.empty();
    if (retryDue.isPresent()) {
      if (!fire.recovering() || !retryDue.get().isAfter(clock.instant())) {
        return Optional.of(AttemptKind.RETRY);
      }
      // Quartz recovers an earlier fire of this run (its node died after the attempt ended and
      // the retry was set): the retry is not due yet, so it is left to its trigger, stored again
      // here in case the node died before it could store it.
      retries.schedule(run.id(), run.attempts() + 1, retryDue.get());
      return Optional.empty();
    }
    return fire.recovering() ? Optional.of(AttemptKind.RECOVERY) : Optional.empty();
  }

  /** The run of a schedule fire; empty when the ledger already holds this fire (a duplicate). */
  private Optional<Run> openScheduled(JobSpec spec, FireRequest fire) {
    // Quartz has already counted this fire as fired: a run that cannot be opened now would be a
    // lost fire, so the open waits for the store like an attempt's end does. A retry finds the run
    // an earlier try opened (committed, but the answer was lost) instead of taking it for another
    // node's duplicate.
    AtomicBoolean tried = new AtomicBoolean();
    Optional<Run> opened =
        EndWrites.retrying(
            owner,
            "open the run of '" + spec.id() + "' for " + fire.intended(),
            () -> {
              if (tried.getAndSet(true)) {
                Optional<Run> mine =
                    ledger
                        .byIntendedFire(spec.id(), fire.intended())
                        .filter(
                            r ->
                                r.status() == RunStatus.QUEUED
                                    && r.attempts() == 0
                                    && r.requestedBy().equals(owner));
                if (mine.isPresent()) {
                  return mine;
                }
              }
              return ledger.openScheduled(spec.id(), RunKind.SCHEDULED, fire.intended(), owner);
            });
    if (opened.isPresent() || !fire.recovering()) {
      return opened;
    }
    // Quartz recovers the fire of a node that died: the run exists, and gets a recovery attempt.
    return ledger
        .byIntendedFire(spec.id(), fire.intended())
        .filter(r -> !r.status().terminal() || r.status() == RunStatus.ABANDONED);
  }

  /**
   * Runs an attempt of {@code run} here and now; returns the run as it ended, or as it stands
   * (waiting for a retry; cancelled before the attempt could start).
   *
   * @throws InterruptedException when the attempt was stopped because this process stops (the
   *     attempt and run are recorded {@code cancelled}, reason {@code shutdown}, first); an attempt
   *     stopped by a cancel request returns normally
   */
  public Run run(JobSpec spec, Run run, AttemptKind kind) throws InterruptedException {
    RunId id = run.id();
    Redactor redactor = Redactor.forSpec(spec, env);
    Optional<Attempt> started = kind == AttemptKind.FIRST ? admit(spec, id) : start(id, kind);
    if (started.isEmpty()) {
      return ledger.run(id).orElseThrow();
    }
    int no = started.get().attemptNo();
    if (kind == AttemptKind.FIRST) {
      metrics.attemptStarted(
          spec.id(),
          run.kind().code(),
          Duration.between(run.intendedFire(), started.get().startedAt()));
    }
    EndWrites.retrying(
        owner,
        "record the start of attempt " + no + " of " + id,
        () ->
            ledger.event(
                id,
                no,
                "attempt.started",
                "attempt " + no + " (" + kind.code() + ") started on " + owner,
                Map.of("kind", kind.code(), "owner", owner)));
    ZoneId zone = spec.schedule().map(s -> (ZoneId) s.timezone()).orElse(ZoneOffset.UTC);
    FireContext context =
        new FireContext(
            spec.id(),
            owner,
            run.intendedFire(),
            scheduledWallTime(spec, run),
            zone,
            spec.limits().timeout());
    RunningAttempts.Entry entry = running.register(id, no);
    Outcome outcome;
    try {
      outcome =
          executor.execute(
              spec,
              context,
              (percent, message) ->
                  ledger.event(
                      id,
                      no,
                      "progress",
                      redactor.redact(message),
                      Map.of("percent", Integer.toString(percent))));
    } catch (InterruptedException e) {
      running.done(entry);
      Optional<CancelRequest> cancel = ledger.cancelRequest(id);
      boolean operator =
          entry.stopReason().filter(OPERATOR::equals).isPresent() || cancel.isPresent();
      String detail =
          operator
              ? "stopped: cancelled by "
                  + cancel.map(CancelRequest::requestedBy).orElse("an operator")
              : "stopped: the node is shutting down";
      String reason = operator ? cancel.map(CancelRequest::reason).orElse(OPERATOR) : SHUTDOWN;
      Run ended =
          end(
              spec,
              id,
              no,
              new Outcome(Outcome.Status.CANCELLED, Optional.empty(), detail, Outcome.Output.NONE),
              redactor,
              Optional.of(reason));
      if (entry.stopReason().filter(OPERATOR::equals).isPresent()) {
        return ended; // a cancel: this thread goes on serving fires
      }
      throw e;
    } finally {
      running.done(entry);
    }
    return end(spec, id, no, outcome, redactor, Optional.empty());
  }

  /**
   * Starts the run's first attempt if the job has a free slot cluster-wide, else applies its
   * overlap policy ({@link RunLedger#admit}); empty when the run does not start here and now
   * (skipped, waiting for a slot, or ended meanwhile).
   */
  private Optional<Attempt> admit(JobSpec spec, RunId id) {
    Admission admission;
    try {
      // Retried while the store is unavailable: a run opened but never admitted would stay queued.
      admission =
          EndWrites.retrying(
              owner,
              "admit " + id,
              () -> ledger.admit(id, spec.limits().maxConcurrent(), spec.limits().overlap(), owner),
              () -> admittedMeanwhile(id));
    } catch (IllegalRunTransitionException e) {
      return start(id, AttemptKind.FIRST); // ended meanwhile: start() logs it, or throws as before
    }
    switch (admission.decision()) {
      case SKIPPED -> {
        metrics.runSkipped(spec.id(), "overlap");
        LOG.info(
            "[{}] {} skipped (overlap skip): {}",
            owner,
            id,
            admission.run().error().map(err -> err.error().message()).orElse(""));
      }
      case WAITING ->
          LOG.info(
              "[{}] {} waits for a slot (overlap queue); running: {}",
              owner,
              id,
              admission.going());
      case REPLACED ->
          LOG.info(
              "[{}] {} replaces {} (overlap replace)",
              owner,
              id,
              admission.replaced().orElseThrow());
      case STARTED -> {}
    }
    return admission.attempt();
  }

  /**
   * Starts the attempt; empty (logged) when the run ended meanwhile, e.g. it was cancelled while
   * queued.
   */
  private Optional<Attempt> start(RunId id, AttemptKind kind) {
    try {
      return Optional.of(
          EndWrites.retrying(
              owner,
              "start a " + kind.code() + " attempt of " + id,
              () -> ledger.startAttempt(id, kind, owner),
              () -> runningHere(id).filter(a -> a.kind() == kind)));
    } catch (IllegalRunTransitionException e) {
      Optional<Run> now = ledger.run(id);
      if (now.isPresent()
          && now.get().status().terminal()
          && now.get().status() != RunStatus.ABANDONED) {
        LOG.info("[{}] {} not started: it is already {}", owner, id, now.get().status().code());
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Interrupts the attempts running here whose run someone asked to cancel: the owner's heartbeat
   * step. Returns the runs whose attempt was interrupted now (each once).
   */
  public List<RunId> stopCancelled() {
    List<RunId> stopped = new ArrayList<>();
    for (Attempt attempt : ledger.cancelRequested(owner)) {
      if (running.stop(attempt.run(), attempt.attemptNo(), OPERATOR)) {
        LOG.info(
            "[{}] {}: cancel requested; stopping attempt {}",
            owner,
            attempt.run(),
            attempt.attemptNo());
        stopped.add(attempt.run());
      }
    }
    return stopped;
  }

  /** Interrupts every attempt running here (graceful stop ran out of grace); returns how many. */
  public int stopAll() {
    return running.stopAll(SHUTDOWN);
  }

  /** The calculator of a schedule, parsed once per distinct schedule rather than on every fire. */
  private Schedule schedule(ScheduleSpec spec) {
    if (schedules.size() >= MAX_CACHED_SCHEDULES) {
      schedules.clear();
    }
    return schedules.computeIfAbsent(spec, ScheduleSpec::toSchedule);
  }

  /** How many attempts run here now. */
  public int runningAttempts() {
    return running.size();
  }

  /**
   * The wall time a fire of the schedule was scheduled for (its date is {@code ${fireDate}}): it
   * differs from the instant's local time only for a fire shifted by a daylight-saving gap. A
   * manual run has none: its date is the local date of its request.
   */
  private Optional<LocalDateTime> scheduledWallTime(JobSpec spec, Run run) {
    if (run.kind() == RunKind.MANUAL) {
      return Optional.empty();
    }
    return spec.schedule()
        .flatMap(s -> schedule(s).next(run.intendedFire().minusMillis(1)))
        .filter(f -> f.instant().equals(run.intendedFire()))
        .map(FireTime::scheduledWallTime);
  }

  private Run end(
      JobSpec spec, RunId id, int no, Outcome outcome, Redactor redactor, Optional<String> reason) {
    RunStatus status = RunOutcomes.status(outcome.status());
    String detail = redactor.redact(outcome.detail());
    String what = "record the end of attempt " + no + " of " + id + " (" + status.code() + ")";
    Attempt ended =
        EndWrites.retrying(
            owner,
            what,
            () -> ledger.finishAttempt(id, no, status, outcome.exitCode(), detail),
            () ->
                ledger.attempts(id).stream()
                    .filter(a -> a.attemptNo() == no && a.outcome().equals(Optional.of(status)))
                    .findFirst());
    metrics.attemptFinished(
        spec.id(),
        status.code(),
        Duration.between(ended.startedAt(), ended.endedAt().orElse(ended.startedAt())));
    EndWrites.retrying(
        owner,
        what,
        () ->
            ledger.event(
                id,
                no,
                "attempt.finished",
                "attempt " + no + " " + status.code() + ": " + detail,
                RunOutcomes.data(status, outcome.exitCode())));
    Run result;
    if (ended.superseded()) {
      EndWrites.retrying(
          owner,
          what,
          () ->
              ledger.event(
                  id,
                  no,
                  "attempt.superseded",
                  "attempt "
                      + no
                      + " ended after another attempt took the run over; its result is kept, not"
                      + " used",
                  Map.of()));
      result = EndWrites.retrying(owner, what, () -> ledger.run(id).orElseThrow());
    } else {
      Optional<Run> waiting =
          reason.isPresent() ? Optional.empty() : retry(spec, id, no, status, detail);
      result = waiting.isPresent() ? waiting.get() : finish(spec, id, no, status, detail, reason);
    }
    writeArtifacts(id, no, outcome, redactor);
    LOG.info(
        "[{}] {} {} ({} attempt {}): {}",
        owner,
        id,
        status.code(),
        result.kind().code(),
        no,
        detail);
    if (result.status().terminal()) {
      startWaiting(spec);
    }
    return result;
  }

  /** A run of the job ended here: its slot is free, so the job's waiting run (if any) is fired. */
  private void startWaiting(JobSpec spec) {
    try {
      Optional<RunId> waiting = ledger.waitingToStart(spec.id(), spec.limits().maxConcurrent());
      if (waiting.isPresent()) {
        LOG.info(
            "[{}] a slot of '{}' freed: firing its waiting run {}",
            owner,
            spec.id(),
            waiting.get());
        slots.start(waiting.get());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] could not start the waiting run of '{}': {}", owner, spec.id(), e.getMessage());
    }
  }

  /**
   * The run waiting for its next attempt, when the retry policy retries this outcome; else empty
   * (the run is to be finished). A run whose cancel was requested meanwhile ends cancelled here.
   */
  private Optional<Run> retry(JobSpec spec, RunId id, int no, RunStatus status, String detail) {
    Optional<Duration> delay = RetryPolicy.delayAfter(spec.retry(), status, no);
    if (delay.isEmpty()) {
      return Optional.empty();
    }
    Instant at = clock.instant().plus(delay.get());
    if (ledger.awaitRetry(id, no, at) == RetryWait.CANCEL_REQUESTED) {
      Optional<CancelRequest> cancel = ledger.cancelRequest(id);
      String who = cancel.map(CancelRequest::requestedBy).orElse("an operator");
      String why = cancel.map(CancelRequest::reason).orElse(OPERATOR);
      ErrorEnvelope error =
          ErrorEnvelope.of(
              ErrorCode.JOB_CANCELLED,
              "run "
                  + id
                  + " cancelled by "
                  + who
                  + " after attempt "
                  + no
                  + " "
                  + status.code()
                  + "; no retry",
              spec.id(),
              List.of());
      Run ended = ledger.finish(id, RunStatus.CANCELLED, Optional.of(error), Optional.of(why));
      recordFinished(ended);
      return Optional.of(ended);
    }
    int next = no + 1;
    ledger.event(
        id,
        no,
        "retry.scheduled",
        "attempt " + next + " (retry) at " + at + ", in " + delay.get(),
        Map.of(
            "attempt",
            Integer.toString(next),
            "delay",
            delay.get().toString(),
            "at",
            at.toString()));
    try {
      retries.schedule(id, next, at);
      metrics.retryScheduled(spec.id());
    } catch (RuntimeException e) {
      LOG.error(
          "[{}] {}: could not schedule its retry, the run ends now: {}", owner, id, e.getMessage());
      ledger.event(
          id,
          no,
          "retry.failed",
          "could not schedule attempt " + next + ": " + e.getMessage(),
          Map.of());
      return Optional.of(
          finish(
              spec,
              id,
              no,
              status,
              detail + " (its retry could not be scheduled)",
              Optional.empty()));
    }
    return ledger.run(id);
  }

  private Run finish(
      JobSpec spec, RunId id, int no, RunStatus status, String detail, Optional<String> reason) {
    Optional<ErrorEnvelope> error =
        RetryPolicy.exhausted(spec.retry(), status, no)
            ? Optional.of(RunOutcomes.exhausted(status, spec.id(), id, no, detail))
            : RunOutcomes.error(status, spec.id(), id, detail);
    String what = "record the end of run " + id + " (" + status.code() + ")";
    Run result =
        EndWrites.retrying(
            owner,
            what,
            () -> ledger.finish(id, status, error, reason),
            () -> endedMeanwhile(id, no, status));
    recordFinished(result);
    return result;
  }

  /** The attempt of the run that runs here now, if any (an earlier try started it). */
  private Optional<Attempt> runningHere(RunId id) {
    return ledger.attempts(id).stream()
        .filter(a -> a.running() && a.owner().equals(owner))
        .reduce((a, b) -> b);
  }

  /**
   * The admission an earlier try of {@link RunLedger#admit} committed before its answer was lost:
   * the first attempt running here, or the run skipped.
   */
  private Optional<Admission> admittedMeanwhile(RunId id) {
    Optional<Run> run = ledger.run(id);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    if (run.get().status() == RunStatus.SKIPPED) {
      return Optional.of(
          new Admission(
              Admission.Decision.SKIPPED,
              run.get(),
              Optional.empty(),
              List.of(),
              Optional.empty()));
    }
    return runningHere(id)
        .filter(a -> a.attemptNo() == 1)
        .map(
            a ->
                new Admission(
                    Admission.Decision.STARTED,
                    run.get(),
                    Optional.of(a),
                    List.of(),
                    Optional.empty()));
  }

  /**
   * The run, when it has ended as {@code status} (an earlier try of the write committed) or another
   * attempt than {@code no} ended it meanwhile (a recovery attempt started while this node could
   * not reach the store); then this attempt's result is kept in its attempt row, not used.
   */
  private Optional<Run> endedMeanwhile(RunId id, int no, RunStatus status) {
    Optional<Run> run = ledger.run(id).filter(r -> r.status().terminal());
    if (run.isPresent() && run.get().status() != status
        || run.isPresent() && run.get().attempts() > no) {
      LOG.warn(
          "[{}] {} was ended {} by attempt {} meanwhile; the result of attempt {} is kept, not used",
          owner,
          id,
          run.get().status().code(),
          run.get().attempts(),
          no);
    }
    return run;
  }

  private void recordFinished(Run run) {
    metrics.runFinished(
        run.id().jobId(), run.status().code(), run.endedAt().orElseGet(clock::instant));
  }

  private void writeArtifacts(RunId id, int no, Outcome outcome, Redactor redactor) {
    Optional<Outcome.Output> output =
        outcome.output().equals(Outcome.Output.NONE)
            ? Optional.empty()
            : Optional.of(outcome.output());
    ArtifactResult written = artifacts.write(ledger, id, output, redactor);
    if (!written.ok()) {
      String failure = written.failure().orElse("unknown");
      LOG.warn("[{}] artifacts of {} not written: {}", owner, id, failure);
      try {
        ledger.event(id, no, "artifacts.failed", "artifacts not written: " + failure, Map.of());
      } catch (RuntimeException e) {
        LOG.warn("[{}] could not record the artifact failure of {}: {}", owner, id, e.getMessage());
      }
    }
  }
}
