package dev.cronstone.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * What the run path tells the metrics, in plain values: the code that drives runs calls this and
 * never sees a Micrometer type. Every method is cheap (in-memory counters, no I/O) and never
 * throws. {@link #NOOP} is for the CLI and tests that do not look at metrics.
 */
public interface RunMetrics {
  /** Records nothing. */
  RunMetrics NOOP = new Noop();

  /**
   * A run's first attempt started; {@code lateness} = attempt start − intended fire instant.
   *
   * @param runKind the run's kind code ({@code scheduled}, {@code catch_up}, {@code manual}, {@code
   *     replay}); a replay has no lateness to speak of and is not recorded
   */
  void attemptStarted(String jobId, String runKind, Duration lateness);

  /** An attempt ended with {@code status} (an attempt outcome code) after {@code took}. */
  void attemptFinished(String jobId, String status, Duration took);

  /** A run ended in a terminal {@code status} code at {@code endedAt} (the ledger's instant). */
  void runFinished(String jobId, String status, Instant endedAt);

  /** A run ended {@code skipped}; {@code reason} is {@code overlap} or {@code misfire}. */
  void runSkipped(String jobId, String reason);

  /** A failed attempt got its retry scheduled. */
  void retryScheduled(String jobId);

  /**
   * Missed fire times handled by the misfire policy: {@code action} is {@code skip}, {@code
   * catch_up}, {@code fire_once_now} or {@code dropped}; {@code fireTimes} how many it applied to.
   */
  void misfires(String jobId, String action, long fireTimes);

  /** The job's {@code policy.pauseAfterFailures} paused it (once per pause, cluster-wide). */
  void pausedByPolicy(String jobId);

  /** The no-op implementation. */
  final class Noop implements RunMetrics {
    private Noop() {}

    @Override
    public void attemptStarted(String jobId, String runKind, Duration lateness) {}

    @Override
    public void attemptFinished(String jobId, String status, Duration took) {}

    @Override
    public void runFinished(String jobId, String status, Instant endedAt) {}

    @Override
    public void runSkipped(String jobId, String reason) {}

    @Override
    public void retryScheduled(String jobId) {}

    @Override
    public void misfires(String jobId, String action, long fireTimes) {}

    @Override
    public void pausedByPolicy(String jobId) {}
  }
}
