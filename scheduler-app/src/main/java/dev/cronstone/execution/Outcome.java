package dev.cronstone.execution;

import java.util.Objects;
import java.util.Optional;

/**
 * How one execution of a task ended, as its executor saw it.
 *
 * @param exitCode a command's exit code, or an HTTP task's status
 * @param detail one line for people: why it failed, or what it printed
 */
public record Outcome(Status status, Optional<Integer> exitCode, String detail, Output output) {
  /** The ends of an execution (the ledger adds queued, running, skipped and abandoned). */
  public enum Status {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED
  }

  public Outcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(output, "output");
  }

  static Outcome succeeded(String detail) {
    return new Outcome(Status.SUCCEEDED, Optional.empty(), detail, Output.NONE);
  }

  static Outcome failed(String detail) {
    return new Outcome(Status.FAILED, Optional.empty(), detail, Output.NONE);
  }

  static Outcome timedOut(String detail) {
    return new Outcome(Status.TIMED_OUT, Optional.empty(), detail, Output.NONE);
  }

  Outcome withOutput(Output captured) {
    return new Outcome(status, exitCode, detail, captured);
  }

  /** The captured tails of a command's stdout and stderr (empty for other tasks). */
  public record Output(String stdout, String stderr, boolean truncated) {
    public static final Output NONE = new Output("", "", false);
  }
}
