package dev.cronstone.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RunLedger#admit} decided for a run about to start its first attempt.
 *
 * @param decision started, skipped, waiting (overlap {@code queue}) or replaced (started, and the
 *     oldest running run asked to stop)
 * @param run the run as it stands after the decision
 * @param attempt its first attempt, when it started (also when it replaced another)
 * @param going the job's runs that held the slots when the decision was taken
 * @param replaced the run it superseded (overlap {@code replace})
 */
public record Admission(
    Decision decision,
    Run run,
    Optional<Attempt> attempt,
    List<RunId> going,
    Optional<RunId> replaced) {
  /** The decision. */
  public enum Decision {
    STARTED,
    SKIPPED,
    WAITING,
    REPLACED
  }

  public Admission {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(attempt, "attempt");
    going = List.copyOf(going);
    Objects.requireNonNull(replaced, "replaced");
  }

  /** Whether the run's first attempt started here (it runs now). */
  public boolean started() {
    return attempt.isPresent();
  }
}
