package dev.cronstone.model;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How often a run is attempted and how long it waits between attempts (docs/policies.md, "Retry").
 *
 * @param maxAttempts attempts in total, first one included
 * @param retryOn the outcomes of an attempt that are retried
 */
public record RetrySpec(
    int maxAttempts,
    Backoff backoff,
    Duration initialDelay,
    Duration maxDelay,
    Set<RetryOutcome> retryOn) {

  public static final int DEFAULT_MAX_ATTEMPTS = 1;
  public static final int MAX_ATTEMPTS_LIMIT = 20;
  public static final Backoff DEFAULT_BACKOFF = Backoff.EXPONENTIAL;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);
  public static final Set<RetryOutcome> DEFAULT_RETRY_ON =
      Collections.unmodifiableSet(EnumSet.allOf(RetryOutcome.class));

  public RetrySpec {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    retryOn =
        retryOn.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(RetryOutcome.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(retryOn));
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS_LIMIT);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  public static RetrySpec defaults() {
    return new RetrySpec(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_BACKOFF,
        DEFAULT_INITIAL_DELAY,
        DEFAULT_MAX_DELAY,
        DEFAULT_RETRY_ON);
  }

  /**
   * The wait after failed attempt number {@code attempt} (1-based) before the next one: {@code
   * initialDelay} (fixed), or {@code initialDelay * 2^(attempt-1)} capped by {@code maxDelay}.
   */
  public Duration delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
    if (backoff == Backoff.FIXED) {
      return initialDelay;
    }
    Duration delay = initialDelay;
    for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /** Whether an attempt with this outcome, the {@code attempt}-th of its run, gets another. */
  public boolean retries(RetryOutcome outcome, int attempt) {
    return retryOn.contains(outcome) && attempt < maxAttempts;
  }
}
