package dev.cronstone.ledger;

import dev.cronstone.error.ErrorEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the end of an attempt writes, decided before the write (see {@link RunLedger#end}): the
 * attempt's outcome and its {@code attempt.finished} event, then either the run's wait for a retry
 * ({@code retry} present) or the run's end with {@code error} and {@code reason}.
 *
 * @param detail the attempt's detail, already redacted
 * @param finishedData the data of the {@code attempt.finished} event
 * @param retry when the run waits for its next attempt; empty: the run ends
 * @param error the run's error if it ends now ({@code job_retry_exhausted}, {@code job_failed} …)
 * @param reason the reason of a run that ends cancelled ({@code operator}, {@code shutdown} …)
 */
public record EndWrite(
    RunId run,
    int attemptNo,
    RunStatus outcome,
    Optional<Integer> exitCode,
    String detail,
    Map<String, String> finishedData,
    Optional<Retry> retry,
    Optional<ErrorEnvelope> error,
    Optional<String> reason) {
  /** The next attempt, due {@code delay} after the end, at {@code at}. */
  public record Retry(Instant at, Duration delay) {
    public Retry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(delay, "delay");
    }
  }

  public EndWrite {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(detail, "detail");
    finishedData = Map.copyOf(finishedData);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(reason, "reason");
    if (attemptNo < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + attemptNo);
    }
    if (retry.isPresent() && reason.isPresent()) {
      throw new IllegalArgumentException("a stopped attempt (" + reason.get() + ") is not retried");
    }
  }
}
