package dev.cronstone.policy;

import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.RetryOutcome;
import dev.cronstone.model.RetrySpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The retry policy (docs/policies.md, "Retry") over a job's {@code retry} spec: whether an ended
 * attempt gets another, after what delay, and whether a run's end used its retries up.
 */
public final class RetryPolicy {
  private RetryPolicy() {}

  /**
   * The delay before the next attempt, when attempt {@code attemptNo} (1-based) ended with {@code
   * outcome}: present when the outcome is in {@code retryOn} and {@code attemptNo < maxAttempts}. A
   * cancelled, succeeded or abandoned attempt is never retried.
   */
  public static Optional<Duration> delayAfter(RetrySpec retry, RunStatus outcome, int attemptNo) {
    Objects.requireNonNull(retry, "retry");
    return retryOutcome(outcome)
        .filter(o -> retry.retries(o, attemptNo))
        .map(o -> retry.delayAfter(attemptNo));
  }

  /**
   * Whether a run whose attempt {@code attemptNo} ended with {@code outcome}, and that gets no
   * further attempt, ends because it used up its retries: the outcome is one it retries, it may
   * have more than one attempt, and this was the last allowed one.
   */
  public static boolean exhausted(RetrySpec retry, RunStatus outcome, int attemptNo) {
    Objects.requireNonNull(retry, "retry");
    return retry.maxAttempts() > 1
        && attemptNo >= retry.maxAttempts()
        && retryOutcome(outcome).filter(retry.retryOn()::contains).isPresent();
  }

  private static Optional<RetryOutcome> retryOutcome(RunStatus outcome) {
    return switch (Objects.requireNonNull(outcome, "outcome")) {
      case FAILED -> Optional.of(RetryOutcome.FAILED);
      case TIMED_OUT -> Optional.of(RetryOutcome.TIMED_OUT);
      default -> Optional.empty();
    };
  }
}
