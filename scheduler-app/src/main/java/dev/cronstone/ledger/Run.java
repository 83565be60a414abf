package dev.cronstone.ledger;

import dev.cronstone.error.ErrorEnvelope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One intended execution of a job, as the ledger holds it.
 *
 * @param intendedFire the fire instant it stands for (for a manual run: the request instant)
 * @param replayOf for a replay, the run number of the original run of that fire time, if any
 * @param reason why a cancelled run was cancelled: {@code operator}, {@code superseded} or {@code
 *     shutdown}
 * @param error the envelope of a run that did not succeed
 * @param requestedBy who asked for it: a node id for scheduled runs, the OS user or API token name
 *     otherwise
 * @param attempts how many attempts have started
 * @param backfillId for a backfill run, the backfill that created it
 * @param upstream for an {@code after} run, the run of the upstream job whose end started it
 */
public record Run(
    RunId id,
    RunKind kind,
    Instant intendedFire,
    Optional<Long> replayOf,
    RunStatus status,
    Optional<String> reason,
    Optional<ErrorEnvelope> error,
    String requestedBy,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    int attempts,
    Optional<Long> backfillId,
    Optional<RunId> upstream) {
  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(intendedFire, "intendedFire");
    Objects.requireNonNull(replayOf, "replayOf");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, got " + attempts);
    }
    Objects.requireNonNull(backfillId, "backfillId");
    Objects.requireNonNull(upstream, "upstream");
  }

  /** A run that no upstream run started. */
  public Run(
      RunId id,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      RunStatus status,
      Optional<String> reason,
      Optional<ErrorEnvelope> error,
      String requestedBy,
      Instant createdAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      int attempts,
      Optional<Long> backfillId) {
    this(
        id,
        kind,
        intendedFire,
        replayOf,
        status,
        reason,
        error,
        requestedBy,
        createdAt,
        startedAt,
        endedAt,
        attempts,
        backfillId,
        Optional.empty());
  }

  /** A run that belongs to no backfill. */
  public Run(
      RunId id,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      RunStatus status,
      Optional<String> reason,
      Optional<ErrorEnvelope> error,
      String requestedBy,
      Instant createdAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      int attempts) {
    this(
        id,
        kind,
        intendedFire,
        replayOf,
        status,
        reason,
        error,
        requestedBy,
        createdAt,
        startedAt,
        endedAt,
        attempts,
        Optional.empty());
  }

  /** A run just opened: {@code queued}, no attempt, created at {@code at}. */
  static Run opened(
      RunId id,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      String requestedBy,
      Instant at) {
    return new Run(
        id,
        kind,
        intendedFire,
        replayOf,
        RunStatus.QUEUED,
        Optional.empty(),
        Optional.empty(),
        requestedBy,
        at,
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /** This run with another attempt started at {@code at}: running, no error, not ended. */
  Run started(int attemptCount, Instant at) {
    return new Run(
        id,
        kind,
        intendedFire,
        replayOf,
        RunStatus.RUNNING,
        Optional.empty(),
        Optional.empty(),
        requestedBy,
        createdAt,
        startedAt.isPresent() ? startedAt : Optional.of(at),
        Optional.empty(),
        attemptCount,
        backfillId,
        upstream);
  }

  /** This run ended at {@code at} in {@code to}. */
  Run ended(RunStatus to, Optional<String> why, Optional<ErrorEnvelope> failure, Instant at) {
    return new Run(
        id,
        kind,
        intendedFire,
        replayOf,
        to,
        why,
        failure,
        requestedBy,
        createdAt,
        startedAt,
        Optional.of(at),
        attempts,
        backfillId,
        upstream);
  }
}
