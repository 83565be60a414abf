package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ledger records with every free text passed through a {@link Redactor}: the record itself when
 * nothing was masked (most runs have nothing to mask, and {@link Redactor#redact(String)} returns a
 * text it leaves alone as it is), else a copy. Events are masked as they are written ({@link
 * Receipt#event}).
 */
final class Redacted {
  private Redacted() {}

  static Run run(Run run, Redactor r) {
    Optional<String> reason = run.reason().map(r::redact);
    Optional<ErrorEnvelope> error = run.error().map(e -> envelope(e, r));
    String requestedBy = r.redact(run.requestedBy());
    if (same(reason, run.reason())
        && same(error, run.error())
        && requestedBy == run.requestedBy()) { // the same instance: nothing masked
      return run;
    }
    return new Run(
        run.id(),
        run.kind(),
        run.intendedFire(),
        run.replayOf(),
        run.status(),
        reason,
        error,
        requestedBy,
        run.createdAt(),
        run.startedAt(),
        run.endedAt(),
        run.attempts(),
        run.backfillId(),
        run.upstream());
  }

  static Attempt attempt(Attempt a, Redactor r) {
    String owner = r.redact(a.owner());
    Optional<String> detail = a.detail().map(r::redact);
    if (owner == a.owner() && same(detail, a.detail())) { // the same instance: nothing masked
      return a;
    }
    return new Attempt(
        a.run(),
        a.attemptNo(),
        a.kind(),
        owner,
        a.startedAt(),
        a.heartbeatAt(),
        a.endedAt(),
        a.outcome(),
        a.exitCode(),
        detail,
        a.superseded());
  }

  /** The attempts in attempt number order, each redacted. */
  static List<Attempt> attempts(List<Attempt> attempts, Redactor r) {
    List<Attempt> clean = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      clean.add(attempt(a, r));
    }
    clean.sort(Comparator.comparingInt(Attempt::attemptNo));
    return clean;
  }

  static ErrorEnvelope envelope(ErrorEnvelope envelope, Redactor r) {
    ErrorEnvelope.Body body = envelope.error();
    String message = r.redact(body.message());
    boolean masked = message != body.message(); // a new text: something was masked
    List<Problem> details = new ArrayList<>(body.details().size());
    for (Problem p : body.details()) {
      String path = r.redact(p.path());
      String problem = r.redact(p.problem());
      masked |= path != p.path() || problem != p.problem();
      details.add(path == p.path() && problem == p.problem() ? p : new Problem(path, problem));
    }
    if (!masked) {
      return envelope;
    }
    return new ErrorEnvelope(new ErrorEnvelope.Body(body.code(), message, body.jobId(), details));
  }

  /** Whether the redacted optional holds the very text the original did (or both are empty). */
  private static boolean same(Optional<?> redacted, Optional<?> original) {
    return redacted.isEmpty() ? original.isEmpty() : redacted.get() == original.orElse(null);
  }
}
