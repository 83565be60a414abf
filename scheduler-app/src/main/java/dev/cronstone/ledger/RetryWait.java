package dev.cronstone.ledger;

/** The answer of {@link RunLedger#awaitRetry}: whether the run now waits for its retry. */
public enum RetryWait {
  /** The run waits for its next attempt: schedule its trigger. */
  WAITING,
  /** Someone asked to cancel the run: it gets no retry; end it cancelled. */
  CANCEL_REQUESTED
}
