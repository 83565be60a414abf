package dev.cronstone.ledger;

import java.util.List;
import java.util.Objects;

/**
 * What a cancel request did to a run.
 *
 * @param run the run after the request
 * @param endedNow it was queued or waiting for a retry, and is now {@code cancelled} (reason {@code
 *     operator}): its pending trigger must go
 * @param stopping the running attempts whose owners will stop them (empty when {@code endedNow})
 * @param request the cancel request on record (the first one, when it was asked for twice)
 */
public record Cancellation(
    Run run, boolean endedNow, List<Attempt> stopping, CancelRequest request) {
  public Cancellation {
    Objects.requireNonNull(run, "run");
    stopping = List.copyOf(stopping);
    Objects.requireNonNull(request, "request");
  }
}
