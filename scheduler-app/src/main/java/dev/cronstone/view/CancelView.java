package dev.cronstone.view;

import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Cancellation;
import java.time.Instant;
import java.util.List;

/**
 * A cancel request's answer (schema {@code Cancellation}): the run after it, whether it ended now,
 * the attempt numbers their nodes will stop, who asked, when and why.
 */
public record CancelView(
    RunView run,
    boolean endedNow,
    List<Integer> stopping,
    String requestedBy,
    Instant requestedAt,
    String reason) {

  public static CancelView of(Cancellation c) {
    return new CancelView(
        RunView.of(c.run()),
        c.endedNow(),
        c.stopping().stream().map(Attempt::attemptNo).toList(),
        c.request().requestedBy(),
        c.request().requestedAt(),
        c.request().reason());
  }
}
