package dev.cronstone.service;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.cluster.ClusterMember;
import dev.cronstone.cluster.ClusterMembers;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Cancellation;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.runs.RetryTrigger;
import dev.cronstone.runs.RetryTriggers;
import dev.cronstone.runs.RunDriver;
import dev.cronstone.runs.SlotTriggers;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.store.JobData;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Runs, whoever asks (the {@code jobs} command now, the HTTP API later): ask the cluster to run a
 * job now, replay a past fire time, run a job here in the foreground, and read runs, their events
 * and a job's history from the ledger. Works on the JDBC store directly, from any machine.
 */
public final class RunService implements AutoCloseable {
  /**
   * Builds a run request's trigger in memory and drops it: loads the classes a run request needs,
   * for the class-data archive {@code bin/jobs} records ({@code jobs cds-training}). Writes
   * nothing.
   */
  public static void loadRequestClasses() {
    TriggerBuilder.newTrigger()
        .withIdentity("cds-training", QuartzNames.RUNS_GROUP)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .startNow()
        .build();
  }

  /** How often {@code run --local} re-checks a retry's due time. */
  static final Duration LOCAL_POLL = Duration.ofSeconds(1);

  private final NodeConfig config;
  private final DataSource dataSource;
  private final RunLedger ledger;
  private final Clock clock;
  private final boolean ownsScheduler;
  private Scheduler scheduler;
  private AdminStore owned;

  private RunService(NodeConfig config, DataSource dataSource, Scheduler scheduler, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ledger = new RunLedger(dataSource, clock);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = scheduler;
    this.ownsScheduler = scheduler == null;
  }

  /**
   * Opens the configured store.
   *
   * @throws CronstoneException {@code store_unavailable} when it does not answer
   */
  public static RunService open(NodeConfig config, Clock clock) {
    return open(config, clock, AdminStore.Use.READ);
  }

  /**
   * A service over the configured store for a command that {@code use}s it ({@link
   * AdminStore#open(dev.cronstone.config.StoreConfig, AdminStore.Use)}: a writer on H2 creates the
   * schema of a fresh store).
   */
  public static RunService open(NodeConfig config, Clock clock, AdminStore.Use use) {
    AdminStore admin = AdminStore.openShared(config.store(), use);
    RunService service = new RunService(config, admin.dataSource(), null, clock);
    service.owned = admin;
    return service;
  }

  /** A service over a store a command opened already (shared with a {@link JobService}). */
  public static RunService over(NodeConfig config, AdminStore admin, Clock clock) {
    return new RunService(config, admin.dataSource(), null, clock);
  }

  /**
   * A service over a running node's scheduler and pool (the HTTP API): a run queued here wakes the
   * node at once. Closing leaves the scheduler and pool open.
   */
  public static RunService onNode(
      NodeConfig config, Scheduler scheduler, DataSource dataSource, Clock clock) {
    return new RunService(
        config, dataSource, Objects.requireNonNull(scheduler, "scheduler"), clock);
  }

  /** Backfills of the jobs (docs/runs.md, "Backfill"), on this service's store. */
  public BackfillService backfills() {
    return new BackfillService(config.store(), dataSource, clock);
  }

  /**
   * Queues a manual run and asks the cluster to start it: the run is in the ledger ({@code queued})
   * and a one-shot trigger in the store before this returns; a node picks it up within its idle
   * wait. A paused or disabled job can be run by hand.
   */
  public Run runNow(String jobId, String who) {
    requireJob(jobId);
    Run run = ledger.openManual(jobId, RunKind.MANUAL, clock.instant(), Optional.empty(), who);
    return queue(run, who);
  }

  /**
   * Replays a past fire time of the job's schedule as a {@code replay} run, linked to the run of
   * the original fire when the ledger has one.
   *
   * @throws CronstoneException {@code invalid_argument} when {@code fireTime} is not a fire time of
   *     the schedule, or not in the past
   */
  public Run replay(String jobId, Instant fireTime, String who) {
    JobSpec spec = spec(jobId);
    if (!fireTime.isBefore(clock.instant())) {
      throw CronstoneException.invalidArgument("--fire-time", fireTime + " is not in the past");
    }
    Optional<FireTime> fire =
        spec.schedule().flatMap(s -> s.toSchedule().next(fireTime.minusMillis(1)));
    if (fire.isEmpty() || !fire.get().instant().equals(fireTime)) {
      String nearest = fire.map(f -> "; the next fire after it is " + f.instant()).orElse("");
      throw CronstoneException.invalidArgument(
          "--fire-time", fireTime + " is not a fire time of " + jobId + nearest);
    }
    Optional<Long> original = ledger.byIntendedFire(jobId, fireTime).map(r -> r.id().runNo());
    Run run = ledger.openManual(jobId, RunKind.REPLAY, fireTime, original, who);
    return queue(run, who);
  }

  /**
   * Runs the job in this process, in the foreground, through the same executor and ledger as a node
   * (the attempt's owner is {@code owner}, which heartbeats while it runs, and stops the attempt
   * when someone cancels the run). Retries run here too, after their delay.
   */
  public Run runLocal(
      String jobId, String who, String owner, Function<String, Optional<String>> env)
      throws InterruptedException {
    JobSpec spec = spec(jobId);
    ArtifactWriter artifacts =
        new ArtifactWriter(config.artifacts(), ArtifactOwners.of(dataSource, config, clock));
    artifacts.claimFolder(); // refused before the run is recorded: its folder is another store's
    Run run = ledger.openManual(jobId, RunKind.MANUAL, clock.instant(), Optional.empty(), who);
    ledger.event(
        run.id(),
        0,
        "run.queued",
        "run " + run.id() + " queued by " + who + " to run here",
        Map.of());
    RunDriver driver =
        new RunDriver(
            owner,
            ledger,
            new TaskExecutor(env, config.artifacts().maxOutputBytes()),
            artifacts,
            env,
            RetryTrigger.IN_PROCESS,
            this::startWaiting,
            clock);
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-local-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beat.scheduleWithFixedDelay(
        () -> heartbeat(owner, driver), 0, localHeartbeat().toMillis(), TimeUnit.MILLISECONDS);
    try {
      Run current = driver.run(spec, run, AttemptKind.FIRST);
      for (Optional<Instant> due = pendingRetry(current);
          due.isPresent();
          due = pendingRetry(current)) {
        current = waitUntil(current.id(), due.get());
        if (current.status() == RunStatus.RUNNING) {
          current = driver.run(spec, current, AttemptKind.RETRY);
        }
      }
      return current;
    } finally {
      beat.shutdownNow();
    }
  }

  /** A run ended here and freed a slot: the job's waiting run is handed to the cluster. */
  private void startWaiting(RunId waiting) {
    try {
      new SlotTriggers(scheduler(), clock).start(waiting);
    } catch (SchedulerException e) {
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot start the waiting run " + waiting + ": " + e.getMessage(),
          waiting.jobId(),
          List.of(),
          e);
    }
  }

  private Optional<Instant> pendingRetry(Run run) {
    return run.status() == RunStatus.RUNNING ? ledger.pendingRetry(run.id()) : Optional.empty();
  }

  /** Sleeps until {@code due}, or until the run ends (it was cancelled while it waited). */
  private Run waitUntil(RunId id, Instant due) throws InterruptedException {
    Run run = run(id);
    while (run.status() == RunStatus.RUNNING && clock.instant().isBefore(due)) {
      long left = Duration.between(clock.instant(), due).toMillis();
      Thread.sleep(Math.max(1, Math.min(left, LOCAL_POLL.toMillis())));
      run = run(id);
    }
    return run;
  }

  private void heartbeat(String owner, RunDriver driver) {
    try {
      ledger.heartbeat(owner, clock.instant());
      driver.stopCancelled();
    } catch (RuntimeException e) {
      // the next beat retries; the nodes abandon the attempt only after checkinInterval +
      // failureGrace without one
    }
  }

  /**
   * A local run heartbeats as often as a node checks in (the nodes judge every owner by the same
   * {@code checkinInterval + failureGrace}), and at least every second.
   */
  private Duration localHeartbeat() {
    Duration every = config.cluster().checkinInterval();
    return every.compareTo(LOCAL_POLL) < 0 ? every : LOCAL_POLL;
  }

  /**
   * Cancels a run, from any machine ({@code jobs cancel}). A queued run, or one waiting for a
   * retry, ends {@code cancelled} (reason {@code operator}) now and its pending trigger is removed;
   * a running attempt is stopped by the node (or {@code run --local} process) that runs it, at its
   * next heartbeat. A cancelled run is not retried. Who asked is recorded.
   *
   * @throws CronstoneException {@code job_not_found} for an unknown run, {@code invalid_argument}
   *     for a run that has ended
   */
  public Cancellation cancel(RunId id, String who) {
    Cancellation cancellation = ledger.requestCancel(id, who);
    if (cancellation.endedNow()) {
      unschedule(new TriggerKey(id.toString(), QuartzNames.RUNS_GROUP));
      unschedule(SlotTriggers.key(id));
      unschedule(RetryTriggers.key(id, cancellation.run().attempts() + 1));
    }
    return cancellation;
  }

  /**
   * Removes a trigger that would start a cancelled run; one that fires anyway finds the run ended.
   */
  private void unschedule(TriggerKey key) {
    try {
      scheduler().unscheduleJob(key);
    } catch (SchedulerException | RuntimeException e) {
      // Harmless: the trigger's fire finds the run cancelled and starts nothing.
    }
  }

  public Run run(RunId id) {
    return ledger
        .run(id)
        .orElseThrow(
            () ->
                new CronstoneException(
                    ErrorCode.JOB_NOT_FOUND, "no run " + id, id.jobId(), List.of()));
  }

  public List<RunEvent> events(RunId id, long afterSeq, int limit) {
    return ledger.events(id, afterSeq, limit);
  }

  /**
   * A page of what attempt {@code attemptNo} of the run (its latest when empty) printed on {@code
   * stream} ({@code stdout}, {@code stderr}; both when empty), after chunk {@code offset}. Whether
   * the attempt ended is read before the chunks: an attempt's output is all written before its end.
   *
   * @throws CronstoneException {@code job_not_found} when there is no such run, {@code
   *     invalid_argument} when it has no such attempt
   */
  public OutputPage output(
      RunId id, Optional<Integer> attemptNo, Optional<String> stream, int offset, int limit) {
    run(id);
    List<dev.cronstone.ledger.Attempt> attempts = ledger.attempts(id);
    Optional<dev.cronstone.ledger.Attempt> attempt =
        attemptNo.isEmpty()
            ? attempts.stream()
                .max(java.util.Comparator.comparingInt(dev.cronstone.ledger.Attempt::attemptNo))
            : attempts.stream().filter(a -> a.attemptNo() == attemptNo.get()).findFirst();
    if (attempt.isEmpty()) {
      if (attemptNo.isPresent()) {
        throw CronstoneException.invalidArgument(
            "attempt", "run " + id + " has no attempt " + attemptNo.get());
      }
      return new OutputPage(id, 0, run(id).status().terminal(), List.of(), offset);
    }
    int no = attempt.get().attemptNo();
    boolean ended = attempt.get().endedAt().isPresent();
    List<dev.cronstone.ledger.OutputChunk> chunks = ledger.output(id, no, stream, offset, limit);
    int next = chunks.isEmpty() ? offset : chunks.get(chunks.size() - 1).seq();
    return new OutputPage(id, no, ended, chunks, next);
  }

  public List<dev.cronstone.ledger.Attempt> attempts(RunId id) {
    return ledger.attempts(id);
  }

  /** The job's runs, newest first; a job with neither a stored spec nor runs is not found. */
  public List<Run> history(String jobId, int limit, Optional<Long> beforeRunNo) {
    List<Run> runs = ledger.history(jobId, limit, beforeRunNo);
    if (runs.isEmpty() && beforeRunNo.isEmpty()) {
      requireJob(jobId);
    }
    return runs;
  }

  /**
   * The job's runs with status {@code status} (every status when empty), newest first, below run
   * number {@code beforeRunNo} when given; a job with neither a stored spec nor runs is not found.
   */
  public List<Run> history(
      String jobId, int limit, Optional<Long> beforeRunNo, Optional<RunStatus> status) {
    if (status.isEmpty()) {
      return history(jobId, limit, beforeRunNo);
    }
    List<Run> runs = ledger.history(jobId, limit, beforeRunNo, status.get());
    if (runs.isEmpty() && beforeRunNo.isEmpty()) {
      requireJob(jobId);
    }
    return runs;
  }

  /** The job's newest run that ended {@code succeeded}. */
  public Optional<Run> lastSuccess(String jobId) {
    return ledger.history(jobId, 1, Optional.empty(), RunStatus.SUCCEEDED).stream().findFirst();
  }

  /** The newest run of each of {@code jobIds} that has one, by job id (one query). */
  public Map<String, Run> latest(List<String> jobIds) {
    return ledger.newestOf(jobIds, Optional.empty());
  }

  /** The newest succeeded run of each of {@code jobIds} that has one, by job id (one query). */
  public Map<String, Run> lastSuccess(List<String> jobIds) {
    return ledger.newestOf(jobIds, Optional.of(RunStatus.SUCCEEDED));
  }

  /** The job's newest run. */
  public Optional<Run> latest(String jobId) {
    return ledger.history(jobId, 1, Optional.empty()).stream().findFirst();
  }

  /** The oldest queued or running run of the job, else its newest run. */
  public Optional<Run> activeOrLatest(String jobId) {
    Optional<Run> run = ledger.activeOrLatest(jobId);
    if (run.isEmpty()) {
      requireJob(jobId);
    }
    return run;
  }

  private Run queue(Run run, String who) {
    RunId id = run.id();
    ledger.event(
        id,
        0,
        "run.queued",
        "run " + id + " (" + run.kind().code() + ") queued by " + who,
        Map.of("kind", run.kind().code()));
    try {
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(id.toString(), QuartzNames.RUNS_GROUP)
              .forJob(QuartzNames.jobKey(id.jobId()))
              .usingJobData(JobData.RUN_NO, Long.toString(id.runNo()))
              .startAt(Date.from(clock.instant()))
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
              .build();
      scheduler().scheduleJob(trigger);
      return run;
    } catch (SchedulerException | RuntimeException e) {
      String why = "could not ask the cluster to start it: " + e.getMessage();
      ledger.finish(
          id,
          RunStatus.FAILED,
          Optional.of(
              ErrorEnvelope.of(
                  ErrorCode.JOB_FAILED, "run " + id + " " + why, id.jobId(), List.of())),
          Optional.empty());
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE, "run " + id + ": " + why, id.jobId(), List.of(), e);
    }
  }

  /**
   * Whether a node is alive on the store now (the node registry's rule, {@link
   * ClusterMember#aliveAt}): whether anything will pick up a run queued for the cluster.
   */
  public boolean anyNodeAlive() {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection()) {
      return ClusterMembers.read(connection).stream().anyMatch(m -> m.aliveAt(now));
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "read the cluster's nodes", e);
    }
  }

  private void requireJob(String jobId) {
    row(jobId);
  }

  private JobSpec spec(String jobId) {
    JobRow row = row(jobId);
    SpecFile parsed =
        new SpecLoader(clock)
            .parse(jobId + ".json", row.specJson().getBytes(StandardCharsets.UTF_8));
    return parsed.spec().orElseThrow(parsed::exception);
  }

  private JobRow row(String jobId) {
    try {
      return new JobTable(dataSource, QuartzNames.SCHEDULER_NAME)
          .row(jobId)
          .orElseThrow(() -> new JobNotFoundException(jobId));
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "read job " + jobId, e);
    }
  }

  private Scheduler scheduler() throws SchedulerException {
    if (scheduler == null) {
      scheduler =
          QuartzSchedulers.createAdmin(config, "cli-" + ProcessHandle.current().pid(), dataSource);
    }
    return scheduler;
  }

  @Override
  public void close() {
    if (ownsScheduler && scheduler != null) {
      try {
        scheduler.shutdown(false);
      } catch (SchedulerException e) {
        // never started: nothing to lose
      }
      scheduler = null;
    }
    if (owned != null) {
      owned.close();
      owned = null;
    }
  }
}
