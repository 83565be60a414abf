package dev.cronstone.node;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.api.ApiServer;
import dev.cronstone.api.OpenRoute;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.ArtifactsOwner;
import dev.cronstone.artifacts.Retention;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.execution.CronstoneJobFactory;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Backfills;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.metrics.NodeMetrics;
import dev.cronstone.metrics.QuartzStoreErrors;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.runs.BackfillPump;
import dev.cronstone.runs.RetryTriggers;
import dev.cronstone.runs.RunDriver;
import dev.cronstone.runs.SlotTriggers;
import dev.cronstone.service.ArtifactOwners;
import dev.cronstone.service.JobService;
import dev.cronstone.service.PolicyPauses;
import dev.cronstone.service.RunService;
import dev.cronstone.service.StoreInspector;
import dev.cronstone.service.StoreReadiness;
import dev.cronstone.store.Migrations;
import dev.cronstone.store.NodeIds;
import dev.cronstone.store.QuartzLocks;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.store.StorePool;
import dev.cronstone.sync.SpecSync;
import dev.cronstone.sync.SpecWatcher;
import dev.cronstone.tokens.TokenStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cronstone node: its pool on the store, the schema migrated, the spec folder synced,
 * and a started, clustered Quartz scheduler firing the jobs. {@link #close()} stops it cleanly.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /**
   * After the grace, how long the stopped attempts get to end and be recorded (a command gets TERM,
   * then KILL after its own grace) before the node closes its store anyway.
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(20);

  /** How often a node applies retention (a no-op unless a retention is configured). */
  static final Duration RETENTION_EVERY = Duration.ofMinutes(5);

  private final NodeConfig config;
  private final String nodeId;
  private final HikariDataSource pool;
  private final Scheduler scheduler;
  private final RunDriver driver;
  private final RunWork work;
  private final Heartbeat heartbeat;
  private final Retention retention;
  private final Optional<NodeMetrics> metrics;
  private final ApiServer api;
  private final StoreReadiness probe;
  private final SpecWatcher specs;
  private final BackfillPump backfills;
  private final int jobs;
  private final StopGate gate = new StopGate();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private Node(
      NodeConfig config,
      String nodeId,
      HikariDataSource pool,
      Scheduler scheduler,
      RunDriver driver,
      RunWork work,
      Heartbeat heartbeat,
      Retention retention,
      Optional<NodeMetrics> metrics,
      ApiServer api,
      StoreReadiness probe,
      SpecWatcher specs,
      BackfillPump backfills,
      int jobs) {
    this.backfills = backfills;
    this.metrics = metrics;
    this.config = config;
    this.nodeId = nodeId;
    this.pool = pool;
    this.scheduler = scheduler;
    this.driver = driver;
    this.work = work;
    this.heartbeat = heartbeat;
    this.retention = retention;
    this.api = api;
    this.probe = probe;
    this.specs = specs;
    this.jobs = jobs;
  }

  /** Migrates, syncs and starts a node; fails without leaving anything open. */
  public static Node start(NodeConfig config, Clock clock, Function<String, Optional<String>> env) {
    return start(config, clock, env, List.of());
  }

  /**
   * {@link #start(NodeConfig, Clock, Function)} with more routes on its HTTP server that need no
   * token (such as {@code /metrics}).
   */
  public static Node start(
      NodeConfig config,
      Clock clock,
      Function<String, Optional<String>> env,
      List<OpenRoute> openRoutes) {
    Objects.requireNonNull(config, "config");
    String nodeId = NodeIds.resolve(config.cluster());
    HikariDataSource pool = StorePool.open(config.store(), nodeId, config.cluster());
    NodeRegistry registry = new NodeRegistry(pool, config.cluster().checkinInterval());
    boolean registered = false;
    Scheduler scheduler = null;
    Retention retention = null;
    NodeMetrics metrics = null;
    StoreReadiness probe = null;
    ApiServer api = null;
    RunWork work = null;
    try {
      int applied = Migrations.migrate(pool, config.store().dialect());
      if (applied > 0) {
        LOG.info("[{}] applied {} schema migration(s)", nodeId, applied);
      }
      ArtifactsOwner owner = ArtifactOwners.of(pool, config, clock);
      ArtifactWriter artifacts = new ArtifactWriter(config.artifacts(), owner);
      artifacts.claimFolder(); // refuses to start on another store's artifacts folder
      registry.register(nodeId, config.cluster().enabled(), clock.instant());
      registered = true;
      scheduler = QuartzSchedulers.createFiring(config, nodeId);
      RunLedger ledger = new RunLedger(pool, clock);
      TaskExecutor executor = new TaskExecutor(env, config.artifacts().maxOutputBytes());
      metrics =
          config.metrics().enabled()
              ? NodeMetrics.create(config.metrics(), nodeId, config.scheduler().threads())
              : null;
      RunMetrics runMetrics = metrics == null ? RunMetrics.NOOP : metrics;
      work = new RunWork(nodeId, ledger);
      RunDriver driver =
          new RunDriver(
              nodeId,
              ledger,
              executor,
              artifacts,
              env,
              new RetryTriggers(scheduler),
              new SlotTriggers(scheduler, clock),
              clock,
              runMetrics,
              work.writes(),
              PolicyPauses.onNode(scheduler, pool, clock, ledger));
      if (metrics != null) {
        metrics.watchAttempts(driver::runningAttempts);
        metrics.watchPool(pool);
        for (String lock : List.of("TRIGGER_ACCESS", "STATE_ACCESS")) {
          metrics.watchStoreLock(lock, () -> QuartzLocks.heldSeconds(nodeId, lock));
        }
        metrics.seedLastSuccess(id -> MetricsProbe.lastSuccess(ledger, id));
      }
      scheduler.getListenerManager().addSchedulerListener(new QuartzStoreErrors());
      scheduler.setJobFactory(new CronstoneJobFactory(nodeId, clock, driver));
      // Before the start-up sync: a pause a Quartz client made must be recorded before sync
      // replaces a changed job's trigger (docs/quartz-interop.md).
      QuartzClientWatch.start(
          nodeId,
          JobService.onNode(config, scheduler, pool, clock),
          scheduler,
          config.cluster().checkinInterval());
      if (config.jobs().syncOnStart()) {
        new SpecSync(scheduler, pool, clock)
            .runAtStart(config.jobs().dir(), nodeId, config.jobs().removeMissing());
      }
      int jobs = scheduler.getJobKeys(GroupMatcher.anyJobGroup()).size();
      probe = new StoreReadiness(pool, config.store());
      List<OpenRoute> routes = new ArrayList<>(openRoutes);
      if (metrics != null) {
        routes.add(new OpenRoute("/metrics", NodeMetrics.CONTENT_TYPE, metrics::scrape));
      }
      api =
          ApiServer.start(
              nodeId,
              config,
              new ApiServer.Services(
                  JobService.onNode(config, scheduler, pool, clock),
                  RunService.onNode(config, scheduler, pool, clock),
                  new StoreInspector(pool, config.store()),
                  probe,
                  new TokenStore(pool, config.store().maskedUrl())),
              env,
              clock,
              routes);
      Heartbeat heartbeat =
          Heartbeat.start(
              nodeId,
              registry,
              ledger,
              driver,
              scheduler,
              config.cluster().enabled() ? new StoreClock(pool) : clock,
              config.cluster().checkinInterval(),
              config.cluster().abandonAfter(),
              config.cluster().forgetAfter(),
              runMetrics);
      retention = new Retention(nodeId, pool, ledger, config.artifacts(), owner, clock);
      retention.start(RETENTION_EVERY);
      if (metrics != null) {
        metrics.watchStore(() -> MetricsProbe.read(registry, ledger, clock));
      }
      MissingArtifacts.repair(nodeId, ledger, artifacts, clock.instant());
      scheduler.start();
      LOG.info(
          "[{}] started on {} with {} job(s) ({} threads, clustered={})",
          nodeId,
          config.store().maskedUrl(),
          jobs,
          config.scheduler().threads(),
          config.cluster().enabled());
      return new Node(
          config,
          nodeId,
          pool,
          scheduler,
          driver,
          work,
          heartbeat,
          retention,
          Optional.ofNullable(metrics),
          api,
          probe,
          SpecWatcher.start(scheduler, pool, clock, config.jobs(), nodeId),
          new BackfillPump(
                  nodeId,
                  new Backfills(pool, clock),
                  driver,
                  RunService.onNode(config, scheduler, pool, clock).backfills()::runnable,
                  BackfillPump.THREADS)
              .start(BackfillPump.EVERY),
          jobs);
    } catch (SchedulerException | SQLException | RuntimeException e) {
      if (api != null) {
        api.close();
      }
      if (probe != null) {
        probe.close();
      }
      if (retention != null) {
        retention.stop();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (work != null) {
        work.close();
      }
      abandonStart(scheduler, registered ? registry : null, clock);
      pool.close();
      throw NodeStartException.of(nodeId, e);
    }
  }

  private static void abandonStart(Scheduler scheduler, NodeRegistry registered, Clock clock) {
    try {
      if (scheduler != null) {
        scheduler.shutdown(false);
      }
    } catch (SchedulerException e) {
      LOG.warn("shutting down a scheduler that failed to start: {}", e.getMessage());
    }
    if (registered != null) {
      registered.deregister(clock.instant());
    }
  }

  /** The jobs in the store when the node started. */
  public int jobCount() {
    return jobs;
  }

  public String nodeId() {
    return nodeId;
  }

  public NodeConfig config() {
    return config;
  }

  /** The node's metrics for {@code /metrics}; empty when {@code metrics.enabled} is false. */
  public Optional<NodeMetrics> metrics() {
    return metrics;
  }

  /** The node's HTTP server: where it listens, and where its generated token is. */
  public ApiServer api() {
    return api;
  }

  /**
   * Graceful stop: stops taking fires, lets running attempts finish for up to {@code
   * scheduler.shutdownGrace} (no longer than they run: the wait ends when the last one ends, or at
   * {@link #stopNow}), then interrupts those still running, which end {@code cancelled} with reason
   * {@code shutdown}, and once every end is recorded (or after {@link #STOP_WAIT}) deregisters the
   * node and closes the store. The node heartbeats until then, so its attempts are not taken for
   * dead. Triggers stay in the store for the other nodes. A second call waits for the first.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      stop();
    } finally {
      closed.countDown();
    }
  }

  /**
   * Hurries a stop (a second SIGINT or SIGTERM): the attempts still running are stopped at once
   * ({@code cancelled}, reason {@code shutdown}) instead of at the end of the grace. Returns at
   * once; {@link #close} does the stopping.
   */
  public void stopNow() {
    gate.hurry();
  }

  private void stop() {
    Duration grace = config.scheduler().shutdownGrace();
    long began = System.nanoTime(); // the grace's start (a monotonic reading, not the clock)
    LOG.info(
        "[{}] stopping: no new fires; {} running attempt(s) get {} to finish",
        nodeId,
        driver.runningAttempts(),
        grace);
    api.close();
    probe.close();
    retention.stop();
    specs.close();
    backfills.stopStarting();
    try {
      scheduler.standby();
      Thread stopper =
          new Thread(
              () -> {
                shutdown(true);
                gate.finished();
              },
              "cronstone-shutdown-" + nodeId);
      stopper.start();
      boolean finished = gate.await(grace, true);
      if (!finished) {
        int stopped = driver.stopAll();
        if (gate.hurried()) {
          LOG.warn(
              "[{}] asked to stop now: stopping {} running attempt(s) (cancelled, reason shutdown)",
              nodeId,
              stopped);
        } else {
          LOG.warn(
              "[{}] {} running attempt(s) did not finish within {}; stopping them (cancelled, reason shutdown)",
              nodeId,
              stopped,
              grace);
        }
        finished = gate.await(STOP_WAIT, false);
      }
      if (!finished) {
        LOG.warn(
            "[{}] attempts still running {} after they were stopped; closing without them",
            nodeId,
            STOP_WAIT);
        shutdown(false);
      }
    } catch (SchedulerException e) {
      LOG.warn("[{}] standby failed: {}", nodeId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // backfill attempts run on the pump's own threads: they get what is left of the grace (none
      // after a second signal)
      Duration left = grace.minusNanos(System.nanoTime() - began);
      backfills.close(gate.hurried() || left.isNegative() ? Duration.ZERO : left);
      work.close();
      heartbeat.stop();
      metrics.ifPresent(NodeMetrics::close);
      pool.close();
      LOG.info("[{}] stopped", nodeId);
    }
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void shutdown(boolean waitForJobs) {
    try {
      scheduler.shutdown(waitForJobs);
    } catch (SchedulerException e) {
      LOG.warn("[{}] shutdown: {}", nodeId, e.getMessage());
    }
  }
}
