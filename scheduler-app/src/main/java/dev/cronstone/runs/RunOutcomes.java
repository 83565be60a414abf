package dev.cronstone.runs;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How an execution's outcome becomes a run status and an error envelope. */
final class RunOutcomes {
  private RunOutcomes() {}

  static RunStatus status(Outcome.Status status) {
    return switch (status) {
      case SUCCEEDED -> RunStatus.SUCCEEDED;
      case FAILED -> RunStatus.FAILED;
      case TIMED_OUT -> RunStatus.TIMED_OUT;
      case CANCELLED -> RunStatus.CANCELLED;
    };
  }

  static Optional<ErrorCode> code(RunStatus status) {
    return switch (status) {
      case FAILED -> Optional.of(ErrorCode.JOB_FAILED);
      case TIMED_OUT -> Optional.of(ErrorCode.JOB_TIMEOUT);
      case CANCELLED -> Optional.of(ErrorCode.JOB_CANCELLED);
      case ABANDONED -> Optional.of(ErrorCode.JOB_ABANDONED);
      default -> Optional.empty();
    };
  }

  static Optional<ErrorEnvelope> error(RunStatus status, String jobId, RunId id, String detail) {
    return code(status)
        .map(
            code ->
                ErrorEnvelope.of(
                    code, "run " + id + " " + status.code() + ": " + detail, jobId, List.of()));
  }

  /**
   * The error of a run that used up its retries: {@code job_retry_exhausted}, with the last
   * attempt's own code and detail in its details ({@code attempt[N]}).
   */
  static ErrorEnvelope exhausted(
      RunStatus status, String jobId, RunId id, int attempts, String detail) {
    String last = code(status).map(ErrorCode::code).orElse(status.code());
    return ErrorEnvelope.of(
        ErrorCode.JOB_RETRY_EXHAUSTED,
        "run "
            + id
            + " gave up after "
            + attempts
            + " attempts; the last "
            + status.code()
            + ": "
            + detail,
        jobId,
        List.of(new Problem("attempt[" + attempts + "]", last + ": " + detail)));
  }

  static Map<String, String> data(RunStatus status, Optional<Integer> exitCode) {
    return exitCode
        .map(code -> Map.of("status", status.code(), "exitCode", Integer.toString(code)))
        .orElseGet(() -> Map.of("status", status.code()));
  }
}
