package dev.cronstone.runs;

import dev.cronstone.ledger.RunId;
import java.time.Instant;

/** How a run's next attempt gets started once its retry is due. */
public interface RetryTrigger {
  /** The caller waits for the retry and starts it itself ({@code run --local}). */
  RetryTrigger IN_PROCESS = (run, attemptNo, at) -> {};

  /**
   * Arranges for attempt {@code attemptNo} of {@code run} to start at {@code at}; does nothing when
   * that attempt is already arranged (a recovered fire stores a retry again in case its node died
   * before it could).
   *
   * @throws dev.cronstone.error.CronstoneException {@code store_unavailable} when it cannot
   */
  void schedule(RunId run, int attemptNo, Instant at);
}
