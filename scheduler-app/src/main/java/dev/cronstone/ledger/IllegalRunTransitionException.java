package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * A write the ledger refuses because the run (or attempt) is not in a state that allows it: a bug
 * in the caller or a race it lost, never silently ignored ({@code internal_error}).
 */
public final class IllegalRunTransitionException extends CronstoneException {
  private static final long serialVersionUID = 1L;

  private final RunStatus from;
  private final RunStatus to;

  IllegalRunTransitionException(RunStatus from, RunStatus to, String message) {
    super(ErrorCode.INTERNAL_ERROR, Objects.requireNonNull(message, "message"), null, List.of());
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
  }

  IllegalRunTransitionException(RunId run, RunStatus from, RunStatus to, String message) {
    super(ErrorCode.INTERNAL_ERROR, run + ": " + message, run.jobId(), List.of());
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
  }

  /** The status the run (or attempt) was in. */
  public RunStatus from() {
    return from;
  }

  /** The status the refused write asked for. */
  public RunStatus to() {
    return to;
  }
}
