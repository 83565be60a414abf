package dev.cronstone.view;

import dev.cronstone.ledger.RunEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One event of a run (schema {@code Event}): its run, so that an event read alone (a line of {@code
 * jobs tail --output json}, an SSE message) says which run it belongs to.
 */
public record EventView(
    String runId,
    long seq,
    Instant at,
    int attemptNo,
    String type,
    String message,
    Map<String, String> data) {

  public static EventView of(RunEvent e) {
    return new EventView(
        e.run().toString(), e.seq(), e.at(), e.attemptNo(), e.type(), e.message(), e.data());
  }
}
