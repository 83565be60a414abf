package dev.cronstone.runs;

import dev.cronstone.execution.FireRequest;
import dev.cronstone.ledger.Admission;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.IllegalRunTransitionException;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The begin of an attempt: one ledger transaction that opens the run when the fire opens it, admits
 * it or starts its retry or recovery attempt, and records {@code attempt.started}. Each begin is
 * retried while the store is unavailable (Quartz has counted the fire as fired: a begin that is
 * given up is a lost fire), and a retry finds what an earlier try committed instead of writing
 * again.
 */
final class Begins {
  private static final Logger LOG = LoggerFactory.getLogger(Begins.class);

  /** The event on a skipped run that names the run begun in its place. */
  static final String IN_PLACE = "misfire.in_place";

  /** How late a scheduled fire is when a refusal of its run as a duplicate is no alarm. */
  private static final Duration LATE = Duration.ofSeconds(1);

  /** An attempt that began: it runs here now. */
  record Begun(Run run, Attempt attempt) {}

  private final String owner;
  private final RunLedger ledger;
  private final RetryTrigger retries;
  private final Clock clock;
  private final RunMetrics metrics;
  private final Function<ScheduleSpec, Schedule> schedules;

  /**
   * @param schedules the calculator of a job's schedule (the period misfire rule asks it for the
   *     fire time that follows a fire)
   */
  Begins(
      String owner,
      RunLedger ledger,
      RetryTrigger retries,
      Clock clock,
      RunMetrics metrics,
      Function<ScheduleSpec, Schedule> schedules) {
    this.schedules = schedules;
    this.owner = owner;
    this.ledger = ledger;
    this.retries = retries;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The begin of a fire; empty when nothing starts here (a duplicate, skipped, waiting …). */
  Optional<Begun> fire(JobSpec spec, FireRequest fire) {
    if (fire.runNo().isPresent()) {
      RunId id = new RunId(spec.id(), fire.runNo().getAsLong());
      return ledger.run(id).flatMap(run -> existing(spec, run, fire));
    }
    if (fire.requestedBy().isPresent()) {
      return requested(spec, fire, fire.requestedBy().get());
    }
    if (!fire.recovering() && spec.schedule().isPresent()) {
      ScheduleSpec s = spec.schedule().get();
      Optional<PeriodMisfire> missed =
          PeriodMisfire.judge(s, schedules.apply(s), fire.intended(), clock.instant());
      if (missed.isPresent()) {
        return missed(spec, fire, missed.get());
      }
    }
    // A fire late by a second or more may find its instant run already by the period misfire rule
    // (the latest due fire time runs in the place of a missed one): its refusal is no alarm.
    boolean late = !fire.intended().plus(LATE).isAfter(clock.instant());
    Optional<Admission> admission = beginScheduled(spec, fire.intended(), RunKind.SCHEDULED, !late);
    if (admission.isPresent()) {
      return admitted(spec, admission.get());
    }
    if (!fire.recovering()) {
      return Optional.empty();
    }
    // Quartz recovers the fire of a node that died: the run exists, and may get a recovery attempt.
    // A fire the period misfire rule skipped carried the run begun in its place: that one.
    Optional<Run> own = ledger.byIntendedFire(spec.id(), fire.intended());
    Optional<Run> carried =
        own.filter(r -> r.status() == RunStatus.SKIPPED).flatMap(this::inPlaceOf).or(() -> own);
    return carried
        .filter(r -> !r.status().terminal() || r.status() == RunStatus.ABANDONED)
        .flatMap(run -> existing(spec, run, fire));
  }

  /** The one-transaction begin of a scheduled fire's run, retried while the store is down. */
  private Optional<Admission> beginScheduled(
      JobSpec spec, Instant intended, RunKind kind, boolean warnDuplicate) {
    AtomicBoolean tried = new AtomicBoolean();
    return EndWrites.retrying(
        owner,
        "begin the run of '" + spec.id() + "' for " + intended,
        () -> {
          if (tried.getAndSet(true)) {
            Optional<Admission> mine = ledger.begun(spec.id(), intended, owner);
            if (mine.isPresent()) {
              return mine;
            }
          }
          return ledger.beginScheduled(
              spec.id(),
              kind,
              intended,
              spec.limits().maxConcurrent(),
              spec.limits().overlap(),
              owner,
              warnDuplicate);
        });
  }

  /**
   * A scheduled fire the node came to after its schedule's following fire time was due: recorded
   * skipped, or begun as a {@code catch_up} run with a {@code misfire.late} event, as the job's
   * misfire policy says ({@link PeriodMisfire}).
   */
  private Optional<Begun> missed(JobSpec spec, FireRequest fire, PeriodMisfire missed) {
    if (missed.verdict() == PeriodMisfire.Verdict.SKIP) {
      AtomicBoolean tried = new AtomicBoolean();
      Optional<Run> skipped =
          EndWrites.retrying(
              owner,
              "record the missed fire of '" + spec.id() + "' for " + fire.intended(),
              () -> {
                if (tried.getAndSet(true)) { // an earlier try may have committed the skip
                  Optional<Run> before = ledger.byIntendedFire(spec.id(), fire.intended());
                  if (before.isPresent()) {
                    return before.filter(r -> r.status() == RunStatus.SKIPPED);
                  }
                }
                return ledger.skipMissed(spec.id(), fire.intended(), missed.reason(), owner);
              });
      if (skipped.isPresent()) {
        metrics.misfires(spec.id(), "skip", 1);
        metrics.runSkipped(spec.id(), "misfire");
        LOG.info("[{}] {} (misfire skip): {}", owner, skipped.get().id(), missed.reason());
      }
      // The latest due fire time runs now, in the missed one's place, unless a run holds it
      // already: on a node that stays behind (every fire it comes to later than its period) the
      // job still runs, once per fire time found due, instead of never.
      Optional<Admission> latest = beginScheduled(spec, missed.latest(), RunKind.SCHEDULED, false);
      if (latest.isPresent()) {
        RunId inPlace = latest.get().run().id();
        LOG.info(
            "[{}] {}: the latest due fire time {} runs in the place of missed {}",
            owner,
            inPlace,
            missed.latest(),
            fire.intended());
        skipped.ifPresent(run -> noteInPlace(run.id(), inPlace));
      }
      return latest.flatMap(a -> admitted(spec, a));
    }
    Optional<Admission> admission = beginScheduled(spec, fire.intended(), RunKind.CATCH_UP, true);
    if (admission.isEmpty()) {
      return Optional.empty();
    }
    metrics.misfires(spec.id(), "catch_up", 1);
    RunId id = admission.get().run().id();
    LOG.info("[{}] {} (misfire catch_up): {}", owner, id, missed.reason());
    try {
      ledger.event(
          id,
          0,
          "misfire.late",
          missed.reason(),
          Map.of(
              "firedAt",
              missed.judgedAt().toString(),
              "missed",
              "1",
              "following",
              missed.following().toString()));
    } catch (RuntimeException e) {
      LOG.warn("[{}] {}: its misfire.late event was not recorded: {}", owner, id, e.toString());
    }
    return admitted(spec, admission.get());
  }

  /**
   * Names, on the skipped run of a missed fire, the run begun in its place: this Quartz fire now
   * carries that run, so a recovery of the fire (its node died) recovers that run ({@link
   * #inPlaceOf}). Written after both, in a transaction of its own: a node that dies between them
   * leaves the run begun in place to be abandoned without a recovery.
   */
  private void noteInPlace(RunId skipped, RunId inPlace) {
    try {
      ledger.event(
          skipped,
          0,
          IN_PLACE,
          "the latest due fire time runs in this fire's place: run " + inPlace,
          Map.of("run", inPlace.toString()));
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] {}: could not name the run begun in its place ({}): {}",
          owner,
          skipped,
          inPlace,
          e.toString());
    }
  }

  /** The run begun in the place of a fire the period misfire rule recorded skipped, if any. */
  private Optional<Run> inPlaceOf(Run skipped) {
    return ledger.events(skipped.id(), 0, RunLedger.MAX_PAGE).stream()
        .filter(e -> e.type().equals(IN_PLACE))
        .map(e -> e.data().get("run"))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .flatMap(id -> ledger.run(RunId.parse(id)));
  }

  /**
   * A fire that asks for a manual run (a Quartz client's {@code triggerJob}): the run is opened
   * here, {@code manual}, requested by {@code who}, at the fire's instant, then admitted like any
   * manual run. A recovered fire, or a retried open whose answer was lost, finds the run opened
   * before.
   */
  private Optional<Begun> requested(JobSpec spec, FireRequest fire, String who) {
    Optional<Run> before = ledger.manualRun(spec.id(), fire.intended(), who);
    if (before.isPresent()) {
      return existing(spec, before.get(), fire);
    }
    if (fire.recovering()) {
      LOG.info(
          "[{}] {}: no manual run requested by {} at {} to recover",
          owner,
          spec.id(),
          who,
          fire.intended());
      return Optional.empty();
    }
    AtomicBoolean tried = new AtomicBoolean();
    Run run =
        EndWrites.retrying(
            owner,
            "open the run " + who + " asked for of '" + spec.id() + "'",
            () -> {
              if (tried.getAndSet(true)) {
                Optional<Run> mine = ledger.manualRun(spec.id(), fire.intended(), who);
                if (mine.isPresent()) {
                  return mine.get();
                }
              }
              return ledger.openManual(
                  spec.id(), RunKind.MANUAL, fire.intended(), Optional.empty(), who);
            });
    try {
      ledger.event(
          run.id(),
          0,
          "run.queued",
          "run " + run.id() + " (manual) requested by " + who + " through a Quartz client",
          Map.of("kind", RunKind.MANUAL.code(), "through", who));
    } catch (RuntimeException e) {
      LOG.warn("[{}] {}: its run.queued event was not recorded: {}", owner, run.id(), e.toString());
    }
    return admit(spec, run.id());
  }

  private Optional<Begun> existing(JobSpec spec, Run run, FireRequest fire) {
    Optional<AttemptKind> kind = nextAttempt(run, fire);
    if (kind.isEmpty()) {
      LOG.info(
          "[{}] {}: nothing to start; the run is {} with {} attempt(s)",
          owner,
          run.id(),
          run.status().code(),
          run.attempts());
      return Optional.empty();
    }
    return attempt(spec, run, kind.get());
  }

  /** The begin of an attempt of kind {@code kind} of a run that exists. */
  Optional<Begun> attempt(JobSpec spec, Run run, AttemptKind kind) {
    if (kind == AttemptKind.FIRST) {
      return admit(spec, run.id());
    }
    return start(run, kind).map(a -> new Begun(run, a));
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

  private Optional<Begun> admit(JobSpec spec, RunId id) {
    Admission admission;
    try {
      // Retried while the store is unavailable: a run opened but never admitted would stay queued.
      admission =
          EndWrites.retrying(
              owner,
              "admit " + id,
              () ->
                  ledger.beginFirst(
                      id, spec.limits().maxConcurrent(), spec.limits().overlap(), owner),
              () -> admittedMeanwhile(id));
    } catch (IllegalRunTransitionException e) {
      Optional<Run> now = ledger.run(id);
      if (now.isPresent() && endedMeanwhile(now.get())) {
        return Optional.empty();
      }
      throw e;
    }
    return admitted(spec, admission);
  }

  private Optional<Begun> admitted(JobSpec spec, Admission admission) {
    RunId id = admission.run().id();
    switch (admission.decision()) {
      case SKIPPED -> {
        metrics.runSkipped(spec.id(), "overlap");
        LOG.info(
            "[{}] {} (overlap skip)",
            owner,
            admission.run().error().map(err -> err.error().message()).orElse(id + " skipped"));
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
    return admission
        .attempt()
        .map(
            a -> {
              Run run = admission.run();
              metrics.attemptStarted(
                  spec.id(),
                  run.kind().code(),
                  Duration.between(run.intendedFire(), a.startedAt()));
              return new Begun(run, a);
            });
  }

  /** Starts a retry or recovery attempt; empty (logged) when the run ended meanwhile. */
  private Optional<Attempt> start(Run run, AttemptKind kind) {
    RunId id = run.id();
    int no = run.attempts() + 1;
    try {
      return Optional.of(
          EndWrites.retrying(
              owner,
              "start a " + kind.code() + " attempt of " + id,
              () -> ledger.beginAttempt(id, kind, no, owner)));
    } catch (IllegalRunTransitionException e) {
      Optional<Run> now = ledger.run(id);
      if (now.isPresent() && endedMeanwhile(now.get())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private boolean endedMeanwhile(Run run) {
    if (run.status().terminal() && run.status() != RunStatus.ABANDONED) {
      LOG.info("[{}] {} not started: it is already {}", owner, run.id(), run.status().code());
      return true;
    }
    return false;
  }

  /**
   * The admission an earlier try of {@link RunLedger#beginFirst} committed before its answer was
   * lost: the first attempt running here, or the run skipped.
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
    return ledger.attempts(id).stream()
        .filter(a -> a.attemptNo() == 1 && a.running() && a.owner().equals(owner))
        .findFirst()
        .map(
            a ->
                new Admission(
                    Admission.Decision.STARTED,
                    run.get(),
                    Optional.of(a),
                    List.of(),
                    Optional.empty()));
  }
}
