package dev.cronstone.cli;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Run;

/** A run as the CLI prints it in JSON: stable keys, times as ISO-8601 instants. */
record RunView(
    String runId,
    String jobId,
    long runNo,
    String kind,
    String intendedFire,
    Long replayOf,
    String status,
    String reason,
    ErrorEnvelope.Body error,
    String requestedBy,
    String createdAt,
    String startedAt,
    String endedAt,
    int attempts) {

  static RunView of(Run run) {
    return new RunView(
        run.id().toString(),
        run.id().jobId(),
        run.id().runNo(),
        run.kind().code(),
        run.intendedFire().toString(),
        run.replayOf().orElse(null),
        run.status().code(),
        run.reason().orElse(null),
        run.error().map(ErrorEnvelope::error).orElse(null),
        run.requestedBy(),
        run.createdAt().toString(),
        run.startedAt().map(Object::toString).orElse(null),
        run.endedAt().map(Object::toString).orElse(null),
        run.attempts());
  }
}
