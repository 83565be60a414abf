package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;

/** Copies of ledger records with every free text passed through a {@link Redactor}. */
final class Redacted {
  private Redacted() {}

  static Run run(Run run, Redactor r) {
    return new Run(
        run.id(),
        run.kind(),
        run.intendedFire(),
        run.replayOf(),
        run.status(),
        run.reason().map(r::redact),
        run.error().map(e -> envelope(e, r)),
        r.redact(run.requestedBy()),
        run.createdAt(),
        run.startedAt(),
        run.endedAt(),
        run.attempts(),
        run.backfillId(),
        run.upstream());
  }

  static Attempt attempt(Attempt a, Redactor r) {
    return new Attempt(
        a.run(),
        a.attemptNo(),
        a.kind(),
        r.redact(a.owner()),
        a.startedAt(),
        a.heartbeatAt(),
        a.endedAt(),
        a.outcome(),
        a.exitCode(),
        a.detail().map(r::redact),
        a.superseded());
  }

  static RunEvent event(RunEvent e, Redactor r) {
    return new RunEvent(
        e.run(),
        e.seq(),
        e.at(),
        e.attemptNo(),
        r.redact(e.type()),
        r.redact(e.message()),
        r.redact(e.data()));
  }

  static ErrorEnvelope envelope(ErrorEnvelope envelope, Redactor r) {
    ErrorEnvelope.Body body = envelope.error();
    return new ErrorEnvelope(
        new ErrorEnvelope.Body(
            body.code(),
            r.redact(body.message()),
            body.jobId(),
            body.details().stream()
                .map(p -> new Problem(r.redact(p.path()), r.redact(p.problem())))
                .toList()));
  }
}
