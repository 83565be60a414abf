package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.RUNNING;

import java.time.Instant;
import java.util.Optional;

/** Which attempt may start on a run, and how an attempt may end. */
final class AttemptRules {
  private AttemptRules() {}

  /**
   * Refuses a {@code kind} attempt on {@code run} when the run's status or history does not allow
   * it.
   */
  static void checkStart(RunId id, Run run, AttemptKind kind) {
    if (run.status() == ABANDONED && kind != AttemptKind.RECOVERY) {
      throw new IllegalRunTransitionException(
          id,
          ABANDONED,
          RUNNING,
          "an abandoned run continues only with a recovery attempt, not a " + kind + " attempt");
    }
    RunTransitions.check(id, run.status(), RUNNING);
    if (kind == AttemptKind.FIRST && run.attempts() > 0) {
      throw new IllegalRunTransitionException(
          id,
          run.status(),
          RUNNING,
          "it has had "
              + run.attempts()
              + " attempt(s): a further one is a retry or a recovery, not a first attempt");
    }
    if (kind == AttemptKind.RETRY && run.attempts() == 0) {
      throw new IllegalRunTransitionException(
          id, run.status(), RUNNING, "a retry needs an attempt before it");
    }
  }

  /**
   * The attempt ended with {@code outcome}. A running attempt just ends; an attempt abandoned
   * meanwhile keeps its late result, marked superseded; any other ended attempt cannot end again.
   */
  static Attempt end(
      Attempt attempt,
      RunStatus outcome,
      Optional<Integer> exitCode,
      Optional<String> detail,
      Instant now) {
    if (attempt.running()) {
      return attempt.ended(outcome, exitCode, detail, now, false);
    }
    RunStatus was = attempt.outcome().orElseThrow();
    if (was == ABANDONED && outcome != ABANDONED) {
      return attempt.ended(outcome, exitCode, detail, now, true);
    }
    throw new IllegalRunTransitionException(
        attempt.run(),
        was,
        outcome,
        "attempt "
            + attempt.attemptNo()
            + " already ended "
            + was
            + "; it cannot end again as "
            + outcome);
  }
}
