package dev.cronstone.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.cronstone.config.MetricsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's metrics: a Prometheus registry owned by the node, with the run meters ({@link
 * RunMetrics}), this node's attempt gauges, the cached store gauges and JVM/process basics. Every
 * meter carries the tag {@code node}. {@link #scrape()} renders the Prometheus text format for
 * {@code /metrics}; it reads memory only, never the store.
 */
public final class NodeMetrics implements RunMetrics, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

  /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** How often the store gauges are read from the store. */
  public static final Duration STORE_REFRESH = Duration.ofSeconds(5);

  static final String ACTIVE = "cronstone.attempts.active";
  static final String CAPACITY = "cronstone.attempts.capacity";
  static final String LABELLED_JOBS = "cronstone.metrics.labelled.jobs";
  static final String STORE_LOCK_HELD = "cronstone.store.lock.held";

  private final String nodeId;
  private final MetricsConfig config;
  private final PrometheusMeterRegistry registry;
  private final RunMeters runs;
  private final StoreGauges store;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final List<DoubleSupplier> lockReaders = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService loop;

  private NodeMetrics(String nodeId, MetricsConfig config) {
    this.nodeId = nodeId;
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    JobLabels labels = new JobLabels(config.perJobLabels(), config.maxPerJobLabels());
    this.runs = new RunMeters(registry, labels);
    this.store = new StoreGauges(registry, nodeId);
    Gauge.builder(LABELLED_JOBS, labels, JobLabels::size)
        .description("Jobs with a job label of their own (at most metrics.maxPerJobLabels)")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /**
   * The metrics of node {@code nodeId}.
   *
   * @param threads the node's attempt capacity ({@code scheduler.threads})
   */
  public static NodeMetrics create(MetricsConfig config, String nodeId, int threads) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nodeId, "nodeId");
    NodeMetrics metrics = new NodeMetrics(nodeId, config);
    Gauge.builder(CAPACITY, () -> threads)
        .description("Attempts this node can run at once (scheduler.threads)")
        .register(metrics.registry);
    return metrics;
  }

  /**
   * Counts the seconds this node's store has held one of Quartz's lock rows ({@code lock}, such as
   * {@code TRIGGER_ACCESS}); {@code heldSeconds} is read per scrape. Its rate, summed over the
   * nodes, is the share of wall time the cluster's fires queue on that row.
   */
  public void watchStoreLock(String lock, DoubleSupplier heldSeconds) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(heldSeconds, "heldSeconds");
    lockReaders.add(heldSeconds); // a function counter holds its object weakly
    FunctionCounter.builder(STORE_LOCK_HELD, heldSeconds, DoubleSupplier::getAsDouble)
        .tag("lock", lock)
        .baseUnit("seconds")
        .description("Time this node's store held a Quartz lock row, from grant to release")
        .register(registry);
  }

  /** Shows how many attempts run on this node now ({@code activeAttempts} is read per scrape). */
  public void watchAttempts(IntSupplier activeAttempts) {
    Objects.requireNonNull(activeAttempts, "activeAttempts");
    Gauge.builder(ACTIVE, activeAttempts, IntSupplier::getAsInt)
        .strongReference(true) // else a GC leaves the gauge reading NaN
        .description("Attempts running on this node now")
        .register(registry);
  }

  /**
   * Sets the last success of each job named by id in {@code metrics.perJobLabels} from {@code
   * lastSuccess} (the ledger: the end of the job's newest succeeded run, on any node), so the gauge
   * is there from the start rather than after the job's next success here. Jobs matched only by a
   * prefix or {@code *} get theirs at their next success. Never throws: a store failure is logged.
   */
  public void seedLastSuccess(Function<String, Optional<Instant>> lastSuccess) {
    for (String id : config.perJobLabels()) {
      if (id.endsWith("*")) {
        continue;
      }
      try {
        lastSuccess.apply(id).ifPresent(at -> runs.seedLastSuccess(id, at));
      } catch (RuntimeException e) {
        LOG.warn("[{}] metrics: no last success of '{}' yet: {}", nodeId, id, e.getMessage());
      }
    }
  }

  /**
   * Adds the connection pool's own meters ({@code hikaricp_connections_*}: active, idle, pending,
   * acquire and usage times, timeouts). A pool takes one such tracker in its life; a second call is
   * logged and ignored.
   */
  public void watchPool(HikariDataSource pool) {
    try {
      pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    } catch (RuntimeException e) {
      LOG.warn("[{}] metrics: no connection pool meters: {}", nodeId, e.getMessage());
    }
  }

  /**
   * Starts reading the store gauges from {@code probe} now and every {@link #STORE_REFRESH} on a
   * daemon thread, until {@link #close()}.
   */
  public synchronized void watchStore(Supplier<StoreSnapshot> probe) {
    Objects.requireNonNull(probe, "probe");
    if (loop != null) {
      throw new IllegalStateException("already watching the store");
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-metrics-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    long every = STORE_REFRESH.toMillis();
    loop.scheduleWithFixedDelay(() -> refreshStore(probe), 0, every, TimeUnit.MILLISECONDS);
  }

  /** Reads the store gauges once: the synchronous step of the refresh loop. Never throws. */
  public void refreshStore(Supplier<StoreSnapshot> probe) {
    store.refresh(probe);
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Runs this node recorded as ended since it started, all jobs and statuses (the sum of {@code
   * cronstone_runs_finished_total}), read from the meters without rendering a scrape.
   */
  public double runsFinished() {
    return registry.find(RunMeters.RUNS_FINISHED).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Override
  public void attemptStarted(String jobId, String runKind, Duration lateness) {
    runs.attemptStarted(jobId, runKind, lateness);
  }

  @Override
  public void attemptFinished(String jobId, String status, Duration took) {
    runs.attemptFinished(jobId, status, took);
  }

  @Override
  public void runFinished(String jobId, String status, Instant endedAt) {
    runs.runFinished(jobId, status, endedAt);
  }

  @Override
  public void runSkipped(String jobId, String reason) {
    runs.runSkipped(jobId, reason);
  }

  @Override
  public void retryScheduled(String jobId) {
    runs.retryScheduled(jobId);
  }

  @Override
  public void misfires(String jobId, String action, long fireTimes) {
    runs.misfires(jobId, action, fireTimes);
  }

  @Override
  public void pausedByPolicy(String jobId) {
    runs.pausedByPolicy(jobId);
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.shutdownNow();
    }
    gc.close();
    registry.close();
  }
}
