package dev.cronstone.ledger;

import dev.cronstone.model.Overlap;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The begin of an attempt, one transaction each (see {@link RunLedger#beginScheduled}): the run's
 * opening when the fire opens it, its admission (a first attempt) or its start (a retry or
 * recovery), and the {@code attempt.started} event.
 */
final class RunBeginning {
  private RunBeginning() {}

  /** A fire's begin: its admission, and the run's events it wrote when they are its first ones. */
  record Scheduled(Admission admission, List<RunEvent> events) {}

  /**
   * Opens the fire's run and admits it, one transaction. When the job has a free slot (the common
   * case) the run is inserted already running, with its first attempt and the {@code
   * attempt.started} event as its event 1: five statements, none of them a re-read or an update of
   * a row this transaction wrote. Otherwise it is inserted queued and the overlap policy decides
   * ({@link Slots#decide}).
   */
  static Scheduled scheduled(
      DataSource dataSource,
      String jobId,
      RunKind kind,
      Instant fire,
      int max,
      Overlap overlap,
      String owner,
      Supplier<Instant> clock) {
    return RunOpening.numbered(
        dataSource,
        jobId,
        (c, id) -> {
          List<RunId> going = Slots.going(c, jobId);
          Instant now = clock.get(); // after the read of the runs holding a slot (see Slots)
          Run queued = Run.opened(id, kind, fire, Optional.empty(), owner, now);
          if (going.size() >= max) {
            RunOpening.insert(c, queued, 0);
            return new Scheduled(
                recorded(c, Slots.decide(c, queued, false, going, max, overlap, owner, now)),
                List.of());
          }
          Attempt attempt = Attempt.begun(id, 1, AttemptKind.FIRST, owner, now);
          Run started = queued.started(1, now);
          RunOpening.insert(c, started, 1);
          AttemptRows.insert(c, attempt);
          List<RunEvent> events =
              EventRows.insertReserved(c, id, List.of(startedEvent(attempt)), 1);
          return new Scheduled(
              new Admission(
                  Admission.Decision.STARTED,
                  started,
                  Optional.of(attempt),
                  going,
                  Optional.empty()),
              events);
        });
  }

  static Admission first(
      DataSource dataSource,
      RunId id,
      int max,
      Overlap overlap,
      String owner,
      Supplier<Instant> clock) {
    return Jdbc.transaction(
        dataSource,
        "admit run " + id,
        c -> {
          Slots.lockJob(c, id.jobId());
          return recorded(c, Slots.admitLocked(c, id, max, overlap, owner, clock));
        });
  }

  /**
   * Starts attempt {@code attemptNo} of kind {@code kind}; when the run has that attempt already,
   * of this kind and owner (an earlier try committed), returns it and writes nothing.
   */
  static Attempt attempt(
      DataSource dataSource, RunId id, AttemptKind kind, int attemptNo, String owner, Instant now) {
    return Jdbc.transaction(
        dataSource,
        "start a " + kind.code() + " attempt of run " + id,
        c -> {
          Run run = RunRows.lock(c, id).orElseThrow(() -> RunLedger.notFound(id));
          Optional<Attempt> done =
              AttemptRows.find(c, id, attemptNo)
                  .filter(a -> a.kind() == kind && a.owner().equals(owner));
          if (done.isPresent()) {
            return done.get();
          }
          if (run.attempts() + 1 != attemptNo) {
            throw new IllegalRunTransitionException(
                id,
                run.status(),
                RunStatus.RUNNING,
                "attempt "
                    + attemptNo
                    + " was asked for, but the run has had "
                    + run.attempts()
                    + " attempt(s)");
          }
          Attempt attempt = RunLedger.startLocked(c, run, kind, owner, now);
          started(c, attempt, now);
          return attempt;
        });
  }

  /**
   * What a begin of this owner committed for this fire, read back (a retried begin whose first try
   * committed before its answer was lost); empty when the fire's run is not this owner's.
   */
  static Optional<Admission> begun(
      DataSource dataSource, String jobId, long fireKey, String owner) {
    return Jdbc.autoCommit(
        dataSource,
        "read the run of '" + jobId + "' at " + fireKey,
        c -> {
          Optional<Run> found =
              RunRows.byFireKey(c, jobId, fireKey).filter(r -> r.requestedBy().equals(owner));
          if (found.isEmpty()) {
            return Optional.empty();
          }
          Run run = found.get();
          if (run.status() == RunStatus.SKIPPED) {
            return Optional.of(admission(Admission.Decision.SKIPPED, run, Optional.empty()));
          }
          if (run.attempts() == 0) {
            return Optional.of(admission(Admission.Decision.WAITING, run, Optional.empty()));
          }
          return AttemptRows.find(c, run.id(), 1)
              .filter(a -> a.running() && a.owner().equals(owner))
              .map(a -> admission(Admission.Decision.STARTED, run, Optional.of(a)));
        });
  }

  private static Admission admission(Admission.Decision decision, Run run, Optional<Attempt> a) {
    return new Admission(decision, run, a, List.of(), Optional.empty());
  }

  static Admission recorded(Connection c, Admission admission) throws SQLException {
    if (admission.attempt().isPresent()) {
      Attempt attempt = admission.attempt().get();
      started(c, attempt, attempt.startedAt());
    }
    return admission;
  }

  static void started(Connection c, Attempt attempt, Instant now) throws SQLException {
    EventRows.Draft event = startedEvent(attempt);
    EventRows.append(
        c, attempt.run(), event.attemptNo(), event.type(), event.message(), event.data(), now);
  }

  static EventRows.Draft startedEvent(Attempt attempt) {
    return new EventRows.Draft(
        attempt.attemptNo(),
        "attempt.started",
        "attempt "
            + attempt.attemptNo()
            + " ("
            + attempt.kind().code()
            + ") started on "
            + attempt.owner(),
        Map.of("kind", attempt.kind().code(), "owner", attempt.owner()),
        Jdbc.millis(attempt.startedAt()));
  }
}
