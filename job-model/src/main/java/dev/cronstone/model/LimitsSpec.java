package dev.cronstone.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an attempt may run and how many runs of the job may go at once across the cluster.
 *
 * @param timeout per attempt; the attempt is stopped when it passes
 * @param overlap what a fire does when {@code maxConcurrent} runs are going
 */
public record LimitsSpec(Duration timeout, int maxConcurrent, Overlap overlap) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_CONCURRENT = 1;
  public static final int MAX_CONCURRENT_LIMIT = 1000;
  public static final Overlap DEFAULT_OVERLAP = Overlap.SKIP;

  public LimitsSpec {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(overlap, "overlap");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT) {
      throw new IllegalArgumentException(
          "maxConcurrent must be between 1 and " + MAX_CONCURRENT_LIMIT);
    }
  }

  public static LimitsSpec defaults() {
    return new LimitsSpec(DEFAULT_TIMEOUT, DEFAULT_MAX_CONCURRENT, DEFAULT_OVERLAP);
  }
}
