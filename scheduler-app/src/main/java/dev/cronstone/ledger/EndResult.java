package dev.cronstone.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The run as one {@link RunLedger#end} left it, read inside the end's transaction: everything the
 * run's artifacts and the driver's next steps need, so nothing is read again after the commit.
 *
 * @param attempt the attempt as it ended (its result kept, maybe {@link Attempt#superseded()})
 * @param attempts every attempt of the run, in order
 * @param events every event of the run, in order
 * @param retryAt when the run's next attempt is due, when it now waits for a retry
 * @param waitingRun the job's run waiting for a slot (overlap {@code queue}), when this end freed a
 *     slot; the caller asks the cluster to fire it (its admission checks the slots again)
 * @param replayed true when the end had been recorded already (a retried write whose first try
 *     committed): nothing was written this time
 * @param afterRuns the downstream runs this end queued (docs/runs.md, "After another job"); the
 *     caller wakes the node's pump so they start at once
 */
public record EndResult(
    Run run,
    Attempt attempt,
    List<Attempt> attempts,
    List<RunEvent> events,
    Optional<java.time.Instant> retryAt,
    Optional<RunId> waitingRun,
    boolean replayed,
    List<RunId> afterRuns) {
  public EndResult {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(attempt, "attempt");
    attempts = List.copyOf(attempts);
    events = List.copyOf(events);
    Objects.requireNonNull(retryAt, "retryAt");
    Objects.requireNonNull(waitingRun, "waitingRun");
    afterRuns = List.copyOf(afterRuns);
  }
}
