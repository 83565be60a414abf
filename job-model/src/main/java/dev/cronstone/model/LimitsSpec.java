package dev.cronstone.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long an attempt may run, how many runs of the job may go at once across the cluster, and the
 * batch size handed to the task.
 *
 * @param timeout per attempt; the attempt is stopped when it passes
 * @param overlap what a fire does when {@code maxConcurrent} runs are going
 * @param batchSize positive when set: the task's {@code ${batchSize}} and, for a command task, its
 *     {@code CRONSTONE_BATCH_SIZE}; no default
 */
public record LimitsSpec(
    Duration timeout, int maxConcurrent, Overlap overlap, Optional<Integer> batchSize) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_CONCURRENT = 1;
  public static final int MAX_CONCURRENT_LIMIT = 1000;
  public static final Overlap DEFAULT_OVERLAP = Overlap.SKIP;

  public LimitsSpec {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(batchSize, "batchSize");
    if (batchSize.isPresent() && batchSize.get() < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT) {
      throw new IllegalArgumentException(
          "maxConcurrent must be between 1 and " + MAX_CONCURRENT_LIMIT);
    }
  }

  /** Limits without a batch size. */
  public LimitsSpec(Duration timeout, int maxConcurrent, Overlap overlap) {
    this(timeout, maxConcurrent, overlap, Optional.empty());
  }

  public static LimitsSpec defaults() {
    return new LimitsSpec(DEFAULT_TIMEOUT, DEFAULT_MAX_CONCURRENT, DEFAULT_OVERLAP);
  }
}
