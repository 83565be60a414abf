package dev.cronstone.view;

import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.RunStatus;
import java.time.Instant;
import java.util.Optional;

/** One attempt of a run (schema {@code Attempt}). */
public record AttemptView(
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

  public static AttemptView of(Attempt a) {
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
