package dev.cronstone.view;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Run;
import java.time.Instant;
import java.util.Optional;

/**
 * A run (schema {@code Run} of docs/openapi.yaml); {@code upstreamRunId} is the upstream run that
 * started an {@code after} run.
 */
public record RunView(
    String runId,
    String jobId,
    long runNo,
    String kind,
    Instant intendedFire,
    Optional<Long> replayOf,
    String status,
    boolean terminal,
    Optional<String> reason,
    Optional<ErrorEnvelope.Body> error,
    String requestedBy,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    int attemptCount,
    Optional<Long> backfillId,
    Optional<String> upstreamRunId) {

  public static RunView of(Run run) {
    return new RunView(
        run.id().toString(),
        run.id().jobId(),
        run.id().runNo(),
        run.kind().code(),
        run.intendedFire(),
        run.replayOf(),
        run.status().code(),
        run.status().terminal(),
        run.reason(),
        run.error().map(ErrorEnvelope::error),
        run.requestedBy(),
        run.createdAt(),
        run.startedAt(),
        run.endedAt(),
        run.attempts(),
        run.backfillId(),
        run.upstream().map(Object::toString));
  }
}
