package dev.cronstone.runs;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.LineRedactor;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.execution.FireContext;
import dev.cronstone.execution.FireHandler;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.Outcome;
import dev.cronstone.execution.OutputSink;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.execution.TaskObserver;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.EndResult;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.OutputFlusher;
import dev.cronstone.ledger.OutputLog;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one attempt of a run from start to end, on the calling thread, top to bottom: the fire,
 * its begin ({@link Begins}: ONE ledger transaction opens or finds the run, admits it or starts its
 * attempt, and records {@code attempt.started}), the task (its progress recorded as events), and
 * its end ({@link Completion}: ONE ledger transaction ends the attempt and the run or sets its
 * retry, then the artifacts are written from what that write returned). The same path serves a
 * node's fires and the CLI's {@code run --local}. Every resolved secret is masked in what it
 * records.
 *
 * <p>After an attempt whose outcome the job's retry policy retries, the run is not finished: it
 * waits for its retry in the ledger and a {@link RetryTrigger} starts the next attempt when it is
 * due (on any node). The attempts running here are registered with their threads: {@link
 * #stopCancelled()} (the owner's heartbeat step) interrupts those someone asked to cancel, {@link
 * #stopAll()} (graceful stop) every one of them.
 */
public final class RunDriver implements FireHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);
  static final String OPERATOR = EndDecisions.OPERATOR;
  static final String SHUTDOWN = EndDecisions.SHUTDOWN;

  private static final int MAX_CACHED_SCHEDULES = 20_000;

  /**
   * How a node records the ends of its attempts: {@code ends} makes the end write and waits for it
   * (the ledger's group commit on a node, {@link RunLedger#end} alone elsewhere), {@code endsLater}
   * makes it without waiting, {@code afterEnd} runs what follows an end made that way, and {@code
   * artifactWork} writes the artifacts from its result (small pools on a node; the calling thread
   * elsewhere), and {@code outputs} writes what tasks print to the store in batches.
   */
  public record Writes(
      Function<EndWrite, EndResult> ends,
      Function<EndWrite, CompletableFuture<EndResult>> endsLater,
      Executor afterEnd,
      Executor artifactWork,
      OutputFlusher outputs) {
    public Writes {
      Objects.requireNonNull(ends, "ends");
      Objects.requireNonNull(endsLater, "endsLater");
      Objects.requireNonNull(afterEnd, "afterEnd");
      Objects.requireNonNull(artifactWork, "artifactWork");
      Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * Each end its own transaction, made on the calling thread, artifacts too; output in batches by
     * a flusher whose thread lives only while there is output to write.
     */
    public static Writes direct(RunLedger ledger) {
      return new Writes(
          ledger::end,
          write -> CompletableFuture.supplyAsync(() -> ledger.end(write), Runnable::run),
          Runnable::run,
          Runnable::run,
          ledger.outputFlusher("local"));
    }
  }

  private final Map<ScheduleSpec, Schedule> schedules = new ConcurrentHashMap<>();
  private final String owner;
  private final RunLedger ledger;
  private final TaskExecutor executor;
  private final Function<String, Optional<String>> env;
  private final RunMetrics metrics;
  private final Begins begins;
  private final Completion completion;
  private final OutputFlusher outputs;
  private final RunningAttempts running = new RunningAttempts();
  private final AtomicReference<Runnable> afterRunsQueued = new AtomicReference<>(() -> {});

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
    this(
        owner,
        ledger,
        executor,
        artifacts,
        env,
        retries,
        slots,
        clock,
        metrics,
        Writes.direct(ledger));
  }

  /**
   * @param writes how the ends are written (group commit) and where artifacts are written
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
      RunMetrics metrics,
      Writes writes) {
    this(
        owner,
        ledger,
        executor,
        artifacts,
        env,
        retries,
        slots,
        clock,
        metrics,
        writes,
        FailurePause.NONE);
  }

  /**
   * @param failurePause applies a job's {@code policy.pauseAfterFailures} once a run has ended
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
      RunMetrics metrics,
      Writes writes,
      FailurePause failurePause) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.env = Objects.requireNonNull(env, "env");
    this.outputs = Objects.requireNonNull(writes, "writes").outputs();
    Objects.requireNonNull(clock, "clock");
    this.begins =
        new Begins(
            owner,
            ledger,
            Objects.requireNonNull(retries, "retries"),
            clock,
            metrics,
            this::schedule);
    this.completion =
        new Completion(
            owner,
            ledger,
            writes,
            Objects.requireNonNull(artifacts, "artifacts"),
            retries,
            Objects.requireNonNull(slots, "slots"),
            clock,
            metrics,
            Objects.requireNonNull(failurePause, "failurePause"),
            () -> afterRunsQueued.get().run());
  }

  /**
   * Whom to wake when an end recorded here, or an abandonment made by this node's failure detector,
   * queues downstream runs (docs/runs.md, "After another job"): the node's pump, so that they start
   * at once rather than at its next poll. One listener; a later call replaces it.
   */
  public void onAfterRunsQueued(Runnable wake) {
    afterRunsQueued.set(Objects.requireNonNull(wake, "wake"));
  }

  /** A fire: its begin, then its task, then its end, all on the calling thread. */
  @Override
  public void fired(JobSpec spec, FireRequest fire) throws InterruptedException {
    Optional<Begins.Begun> begun = begins.fire(spec, fire);
    if (begun.isPresent()) {
      executeAndComplete(spec, begun.get());
    }
  }

  /**
   * A fire: its begin and its task on the calling thread, then its end handed to the group commit
   * without waiting for it, so the thread is free for the next fire while the end is written. The
   * result completes once the end is recorded and what follows it done; the caller must not report
   * the fire complete before (see {@link dev.cronstone.store.EndGate}).
   */
  @Override
  public CompletionStage<?> fire(JobSpec spec, FireRequest fire) throws InterruptedException {
    Optional<Begins.Begun> begun = begins.fire(spec, fire);
    if (begun.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Begins.Begun b = begun.get();
    Redactor redactor = Redactor.forSpec(spec, env);
    Optional<Outcome> outcome = execute(spec, b, redactor);
    if (outcome.isEmpty()) {
      return CompletableFuture.completedFuture(null); // stopped by a cancel request, recorded
    }
    return completion.completeLater(
        spec, b.run().id(), b.attempt().attemptNo(), outcome.get(), redactor);
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

  /**
   * Runs an attempt of {@code run} here and now; returns the run as it ended, or as it stands
   * (waiting for a retry; cancelled before the attempt could start).
   *
   * @throws InterruptedException when the attempt was stopped because this process stops (the
   *     attempt and run are recorded {@code cancelled}, reason {@code shutdown}, first); an attempt
   *     stopped by a cancel request returns normally
   */
  public Run run(JobSpec spec, Run run, AttemptKind kind) throws InterruptedException {
    Optional<Begins.Begun> begun = begins.attempt(spec, run, kind);
    if (begun.isEmpty()) {
      return ledger.run(run.id()).orElseThrow();
    }
    return executeAndComplete(spec, begun.get());
  }

  /**
   * Runs the task of {@code attempt}, whose begin someone else recorded already (a backfill run the
   * {@link BackfillPump} started), then records its end; returns the run as it ended or stands.
   */
  public Run runBegun(JobSpec spec, Run run, Attempt attempt) throws InterruptedException {
    return executeAndComplete(spec, new Begins.Begun(run, attempt));
  }

  /** Runs the task of an attempt that began, then records its end (see {@link Completion}). */
  private Run executeAndComplete(JobSpec spec, Begins.Begun begun) throws InterruptedException {
    Redactor redactor = Redactor.forSpec(spec, env);
    Optional<Outcome> outcome = execute(spec, begun, redactor);
    RunId id = begun.run().id();
    if (outcome.isEmpty()) {
      return ledger.run(id).orElseThrow(); // stopped by a cancel request, recorded
    }
    return completion.complete(
        spec, id, begun.attempt().attemptNo(), outcome.get(), redactor, Optional.empty());
  }

  /**
   * Runs the task of an attempt that began; empty when a cancel request stopped it (its end is
   * recorded then).
   *
   * @throws InterruptedException when the attempt was stopped because this process stops (its end
   *     is recorded {@code cancelled}, reason {@code shutdown}, first)
   */
  private Optional<Outcome> execute(JobSpec spec, Begins.Begun begun, Redactor redactor)
      throws InterruptedException {
    Run run = begun.run();
    RunId id = run.id();
    int no = begun.attempt().attemptNo();
    RunningAttempts.Entry entry = running.register(id, no);
    OutputLog log = outputs.open(id, no);
    try {
      Outcome outcome =
          executor.execute(
              spec, context(spec, run), progress(id, no, redactor), output(log, redactor));
      log.finish();
      return Optional.of(outcome);
    } catch (InterruptedException e) {
      running.done(entry);
      log.finish();
      EndDecisions.Stop stop = EndDecisions.stopped(entry.stopReason(), ledger.cancelRequest(id));
      completion.complete(spec, id, no, stop.outcome(), redactor, Optional.of(stop.reason()));
      if (stop.byOperator()) {
        return Optional.empty(); // a cancel: this thread goes on serving fires
      }
      throw e;
    } finally {
      running.done(entry);
    }
  }

  private FireContext context(JobSpec spec, Run run) {
    ZoneId zone = spec.schedule().map(s -> (ZoneId) s.timezone()).orElse(ZoneOffset.UTC);
    return new FireContext(
        spec.id(),
        owner,
        run.intendedFire(),
        scheduledWallTime(spec, run),
        zone,
        spec.limits().timeout(),
        run.upstream().map(Object::toString));
  }

  private TaskObserver progress(RunId id, int no, Redactor redactor) {
    return new TaskObserver() {
      @Override
      public void progress(int percent, String message) {
        record(message, Map.of("percent", Integer.toString(percent)));
      }

      @Override
      public void progress(int percent, String message, long done, long total) {
        record(
            message,
            Map.of(
                "percent",
                Integer.toString(percent),
                "done",
                Long.toString(done),
                "total",
                Long.toString(total)));
      }

      private void record(String message, Map<String, String> data) {
        ledger.event(id, no, "progress", redactor.redact(message), data);
      }
    };
  }

  /**
   * What the task prints, secrets masked line by line (a secret across the cut of a long line's
   * pieces included: {@link LineRedactor}), to the attempt's output log.
   */
  static OutputSink output(OutputLog log, Redactor redactor) {
    Map<OutputSink.Stream, LineRedactor> lines = new java.util.EnumMap<>(OutputSink.Stream.class);
    for (OutputSink.Stream stream : OutputSink.Stream.values()) {
      lines.put(stream, new LineRedactor(redactor));
    }
    return new OutputSink() {
      @Override
      public void write(Stream stream, String text) {
        log.append(stream.code(), lines.get(stream).next(text));
      }

      @Override
      public void close(Stream stream) {
        log.append(stream.code(), lines.get(stream).close());
      }
    };
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

  /**
   * The failure detector's step ({@link RunLedger#abandonStale}): ends the attempts whose owner
   * stopped heartbeating, and fires the waiting run (overlap {@code queue}) of each job that had
   * one abandoned, since its slot is free now (its admission checks the slots again). Returns the
   * runs with an attempt abandoned here.
   */
  public List<RunId> abandonStale(Instant now, Duration threshold) {
    List<RunId> abandoned = ledger.abandonStale(now, threshold);
    if (!abandoned.isEmpty()) {
      afterRunsQueued.get().run(); // a final abandonment may have queued downstream runs
    }
    abandoned.stream()
        .map(RunId::jobId)
        .distinct()
        .forEach(
            job ->
                ledger
                    .waitingToStart(job, Integer.MAX_VALUE)
                    .ifPresent(waiting -> completion.startWaiting(job, waiting)));
    return abandoned;
  }

  /**
   * Interrupts every attempt running here (graceful stop ran out of grace, or was told to stop
   * now), and every attempt that begins here afterwards; returns how many were running.
   */
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
}
