package dev.cronstone.runs;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.CancelRequest;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.RetrySpec;
import dev.cronstone.policy.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decisions at the end of an attempt, as pure functions of what is known (no database): how a
 * stopped attempt ended (an operator's cancel, or the node's shutdown), and what the end writes
 * (the run waits for a retry, or ends, with which error).
 */
final class EndDecisions {
  static final String OPERATOR = "operator";
  static final String SHUTDOWN = "shutdown";

  private EndDecisions() {}

  /**
   * An interrupted attempt: cancelled with the reason of the cancel request (or {@code operator})
   * when an operator stopped it or a cancel was requested, else stopped by the node's shutdown.
   *
   * @param byOperator whether the driver goes on (a cancel) rather than stopping (a shutdown)
   */
  record Stop(Outcome outcome, String reason, boolean byOperator) {}

  static Stop stopped(Optional<String> stopReason, Optional<CancelRequest> cancel) {
    boolean operator = stopReason.filter(OPERATOR::equals).isPresent() || cancel.isPresent();
    String detail =
        operator
            ? "stopped: cancelled by "
                + cancel.map(CancelRequest::requestedBy).orElse("an operator")
            : "stopped: the node is shutting down";
    String reason = operator ? cancel.map(CancelRequest::reason).orElse(OPERATOR) : SHUTDOWN;
    return new Stop(
        new Outcome(Outcome.Status.CANCELLED, Optional.empty(), detail, Outcome.Output.NONE),
        reason,
        stopReason.filter(OPERATOR::equals).isPresent());
  }

  /**
   * What the end of attempt {@code no} writes: a retry when the policy retries this outcome (never
   * for a stopped attempt: {@code reason} present), due after its delay from {@code now}; else the
   * run's end, with {@code job_retry_exhausted} when the retries are used up.
   *
   * @param detail the attempt's detail, already redacted
   */
  static EndWrite write(
      String jobId,
      RetrySpec retry,
      RunId id,
      int no,
      RunStatus status,
      Optional<Integer> exitCode,
      String detail,
      Optional<String> reason,
      Instant now) {
    Optional<Duration> delay =
        reason.isPresent() ? Optional.empty() : RetryPolicy.delayAfter(retry, status, no);
    Optional<ErrorEnvelope> error =
        RetryPolicy.exhausted(retry, status, no)
            ? Optional.of(RunOutcomes.exhausted(status, jobId, id, no, detail))
            : RunOutcomes.error(status, jobId, id, detail);
    return new EndWrite(
        id,
        no,
        status,
        exitCode,
        detail,
        RunOutcomes.data(status, exitCode),
        delay.map(d -> new EndWrite.Retry(now.plus(d), d)),
        error,
        reason);
  }
}
