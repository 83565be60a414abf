package dev.cronstone.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Cancellation;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs, attempts and events as the API answers them (schemas in docs/openapi.yaml). */
final class RunViews {
  private RunViews() {}

  record RunView(
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
      int attemptCount) {
    static RunView of(Run run) {
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
          run.attempts());
    }
  }

  record RunDetail(@JsonUnwrapped RunView run, List<AttemptView> attempts) {}

  record RunPage(List<RunView> runs, Optional<String> nextCursor) {}

  record AttemptView(
      int attemptNo,
      String kind,
      String owner,
      Instant startedAt,
      Instant heartbeatAt,
      Optional<Instant> endedAt,
      Optional<String> outcome,
      Optional<Integer> exitCode,
      Optional<String> detail,
      boolean superseded) {
    static AttemptView of(Attempt a) {
      return new AttemptView(
          a.attemptNo(),
          a.kind().code(),
          a.owner(),
          a.startedAt(),
          a.heartbeatAt(),
          a.endedAt(),
          a.outcome().map(RunStatus::code),
          a.exitCode(),
          a.detail(),
          a.superseded());
    }
  }

  record EventView(
      long seq, Instant at, int attemptNo, String type, String message, Map<String, String> data) {
    static EventView of(RunEvent e) {
      return new EventView(e.seq(), e.at(), e.attemptNo(), e.type(), e.message(), e.data());
    }
  }

  /**
   * A page of a run's events after {@code after}; {@code nextAfter} is the {@code after} of the
   * next page, and {@code terminal} says the run has ended (with no more events when the page was
   * not full).
   */
  record EventPage(
      String runId, List<EventView> events, long nextAfter, String runStatus, boolean terminal) {}

  record CancelView(
      RunView run,
      boolean endedNow,
      List<Integer> stopping,
      String requestedBy,
      Instant requestedAt,
      String reason) {
    static CancelView of(Cancellation c) {
      return new CancelView(
          RunView.of(c.run()),
          c.endedNow(),
          c.stopping().stream().map(Attempt::attemptNo).toList(),
          c.request().requestedBy(),
          c.request().requestedAt(),
          c.request().reason());
    }
  }
}
