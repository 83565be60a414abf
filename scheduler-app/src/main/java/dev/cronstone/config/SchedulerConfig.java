package dev.cronstone.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Quartz's scheduler settings: worker threads, misfire threshold, batch acquisition, idle wait; and
 * how long a stopping node lets running attempts finish before it stops them.
 */
public record SchedulerConfig(
    int threads,
    Duration misfireThreshold,
    int batchAcquire,
    Duration idleWait,
    Duration shutdownGrace) {
  public static final int DEFAULT_THREADS = 25;
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);
  public static final int DEFAULT_BATCH_ACQUIRE = 20;
  public static final Duration DEFAULT_IDLE_WAIT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public SchedulerConfig {
    Objects.requireNonNull(misfireThreshold, "misfireThreshold");
    Objects.requireNonNull(idleWait, "idleWait");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }

  /** These settings with the default shutdown grace. */
  public SchedulerConfig(
      int threads, Duration misfireThreshold, int batchAcquire, Duration idleWait) {
    this(threads, misfireThreshold, batchAcquire, idleWait, DEFAULT_SHUTDOWN_GRACE);
  }

  static SchedulerConfig defaults() {
    return new SchedulerConfig(
        DEFAULT_THREADS,
        DEFAULT_MISFIRE_THRESHOLD,
        DEFAULT_BATCH_ACQUIRE,
        DEFAULT_IDLE_WAIT,
        DEFAULT_SHUTDOWN_GRACE);
  }
}
