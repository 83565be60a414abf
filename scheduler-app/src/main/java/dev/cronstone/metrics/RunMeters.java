package dev.cronstone.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run meters (docs/metrics.md): counters by outcome, the attempt-duration and fire-lateness
 * histograms, and the last success per labelled job. Every {@code job} label goes through {@link
 * JobLabels}, so label sets stay bounded. Recording is an in-memory update; a failure to record is
 * logged and swallowed, never passed to the run.
 */
final class RunMeters implements RunMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RunMeters.class);

  static final String RUNS_FINISHED = "cronstone.runs.finished";
  static final String RUNS_SKIPPED = "cronstone.runs.skipped";
  static final String RETRIES = "cronstone.retries.scheduled";
  static final String MISFIRES = "cronstone.misfires";
  static final String POLICY_PAUSES = "cronstone.policy.pauses";
  static final String ATTEMPT_DURATION = "cronstone.attempt.duration";
  static final String FIRE_LATENESS = "cronstone.fire.lateness";
  static final String LAST_SUCCESS = "cronstone.last.success.timestamp";

  /** Attempt-duration bucket bounds: 10 ms to 3 h. */
  static final Duration[] DURATION_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(3)
  };

  /** Fire-lateness bucket bounds: 5 ms to 5 min (the p99 target is 100 ms). */
  static final Duration[] LATENESS_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5)
  };

  private static final Set<String> LATENESS_KINDS = Set.of("scheduled", "catch_up", "manual");

  private final MeterRegistry registry;
  private final JobLabels labels;
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  RunMeters(MeterRegistry registry, JobLabels labels) {
    this.registry = registry;
    this.labels = labels;
  }

  @Override
  public void attemptStarted(String jobId, String runKind, Duration lateness) {
    if (!LATENESS_KINDS.contains(runKind)) {
      return;
    }
    record(
        () ->
            Timer.builder(FIRE_LATENESS)
                .description("Attempt start minus the run's intended fire instant (first attempts)")
                .tags("job", labels.of(jobId), "kind", runKind)
                .serviceLevelObjectives(LATENESS_BUCKETS)
                .register(registry)
                .record(lateness.isNegative() ? Duration.ZERO : lateness));
  }

  @Override
  public void attemptFinished(String jobId, String status, Duration took) {
    record(
        () ->
            Timer.builder(ATTEMPT_DURATION)
                .description("How long attempts ran, by outcome")
                .tags("job", labels.of(jobId), "status", status)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry)
                .record(took.isNegative() ? Duration.ZERO : took));
  }

  @Override
  public void runFinished(String jobId, String status, Instant endedAt) {
    record(
        () -> {
          String job = labels.of(jobId);
          finished(job, status);
          if (status.equals("succeeded") && !job.equals(JobLabels.OTHER)) {
            lastSuccess(job).accumulateAndGet(endedAt.toEpochMilli(), Math::max);
          }
        });
  }

  /** Sets the job's last success from the ledger (at start), if it has a label of its own. */
  void seedLastSuccess(String jobId, Instant endedAt) {
    String job = labels.of(jobId);
    if (!job.equals(JobLabels.OTHER)) {
      lastSuccess(job).accumulateAndGet(endedAt.toEpochMilli(), Math::max);
    }
  }

  @Override
  public void runSkipped(String jobId, String reason) {
    record(
        () -> {
          String job = labels.of(jobId);
          finished(job, "skipped");
          Counter.builder(RUNS_SKIPPED)
              .description("Runs the overlap or misfire policy skipped")
              .tags("job", job, "reason", reason)
              .register(registry)
              .increment();
        });
  }

  @Override
  public void retryScheduled(String jobId) {
    record(
        () ->
            Counter.builder(RETRIES)
                .description("Retries scheduled after a failed attempt")
                .tags("job", labels.of(jobId))
                .register(registry)
                .increment());
  }

  @Override
  public void pausedByPolicy(String jobId) {
    record(
        () ->
            Counter.builder(POLICY_PAUSES)
                .description("Pauses made by a job's pauseAfterFailures policy")
                .tags("job", labels.of(jobId))
                .register(registry)
                .increment());
  }

  @Override
  public void misfires(String jobId, String action, long fireTimes) {
    if (fireTimes <= 0) {
      return;
    }
    record(
        () ->
            Counter.builder(MISFIRES)
                .description("Missed fire times, by what the misfire policy did with them")
                .tags("action", action)
                .register(registry)
                .increment(fireTimes));
  }

  private void finished(String job, String status) {
    Counter.builder(RUNS_FINISHED)
        .description("Runs that ended, by status")
        .tags("job", job, "status", status)
        .register(registry)
        .increment();
  }

  private AtomicLong lastSuccess(String job) {
    return lastSuccess.computeIfAbsent(
        job,
        j -> {
          AtomicLong millis = new AtomicLong();
          Gauge.builder(LAST_SUCCESS, millis, m -> m.get() / 1000.0)
              .description("When the job's last successful run recorded here ended (epoch)")
              .baseUnit("seconds")
              .tags("job", j)
              .register(registry);
          return millis;
        });
  }

  private static void record(Runnable update) {
    try {
      update.run();
    } catch (RuntimeException e) {
      LOG.warn("could not record a metric: {}", e.toString());
    }
  }
}
