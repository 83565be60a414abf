package dev.cronstone.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One execution of a run's task.
 *
 * @param attemptNo 1, 2, 3 … within the run
 * @param owner the node id, or {@code cli:<host>:<pid>} for {@code jobs run --local}
 * @param heartbeatAt when the owner last said the attempt is alive
 * @param outcome how it ended (absent while it runs)
 * @param superseded a recovery attempt took over while this one still ran (its owner looked dead):
 *     its result is kept but does not decide the run
 */
public record Attempt(
    RunId run,
    int attemptNo,
    AttemptKind kind,
    String owner,
    Instant startedAt,
    Instant heartbeatAt,
    Optional<Instant> endedAt,
    Optional<RunStatus> outcome,
    Optional<Integer> exitCode,
    Optional<String> detail,
    boolean superseded) {
  public Attempt {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(detail, "detail");
    if (attemptNo < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + attemptNo);
    }
  }

  /**
   * Attempt {@code attemptNo} of {@code run}, of this kind, starting on {@code owner} at {@code
   * at}.
   */
  static Attempt begun(RunId run, int attemptNo, AttemptKind kind, String owner, Instant at) {
    return new Attempt(
        run,
        attemptNo,
        kind,
        owner,
        at,
        at,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** Still running: not ended. */
  public boolean running() {
    return endedAt.isEmpty();
  }

  /**
   * This attempt ended at {@code at}; {@code late} marks it superseded (a result after it was
   * abandoned).
   */
  Attempt ended(
      RunStatus to, Optional<Integer> code, Optional<String> text, Instant at, boolean late) {
    return new Attempt(
        run,
        attemptNo,
        kind,
        owner,
        startedAt,
        heartbeatAt,
        Optional.of(at),
        Optional.of(to),
        code,
        text,
        superseded || late);
  }
}
