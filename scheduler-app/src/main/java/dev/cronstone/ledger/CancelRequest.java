package dev.cronstone.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone asked for the run to be cancelled: who (the OS user, or {@code overlap} for a run a newer
 * one replaced), when, and why ({@code operator}: {@code jobs cancel}; {@code superseded}: overlap
 * {@code replace}), the reason the cancelled run carries.
 */
public record CancelRequest(RunId run, String requestedBy, Instant requestedAt, String reason) {
  public static final String OPERATOR = "operator";
  public static final String SUPERSEDED = "superseded";

  public CancelRequest {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(requestedAt, "requestedAt");
    if (!OPERATOR.equals(reason) && !SUPERSEDED.equals(reason)) {
      throw new IllegalArgumentException(
          "a cancel request's reason is operator or superseded, not " + reason);
    }
  }
}
