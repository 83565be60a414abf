package dev.cronstone.ledger;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.HumanDuration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an attempt in the caller's transaction (see {@link RunLedger#end}): the attempt's
 * outcome and its event, then the run's retry wait or its end, each with its event, and the run as
 * it then stands. Idempotent: an attempt that already ended with this outcome is not written again
 * (the end of a retried write whose first try committed), its stored state is returned.
 */
final class RunEnding {
  private static final Logger LOG = LoggerFactory.getLogger(RunEnding.class);
  private static final String WAITING =
      "SELECT run_no FROM cs_run WHERE job_id = ? AND status = 'queued'"
          + " AND slot_wait_at IS NOT NULL ORDER BY run_no";

  private RunEnding() {}

  static EndResult end(Connection c, EndWrite w, Instant now, BegunEvents begun)
      throws SQLException {
    try {
      return endOnce(c, w, now, begun);
    } finally {
      begun.forget(w.run()); // whatever path the end took, its begin's events are not needed now
    }
  }

  private static EndResult endOnce(Connection c, EndWrite w, Instant now, BegunEvents begun)
      throws SQLException {
    RunId id = w.run();
    // The end's events are written together, just before the run's events are read back.
    List<EventRows.Draft> events = new ArrayList<>(2);
    Run run = RunRows.lock(c, id).orElseThrow(() -> RunLedger.notFound(id));
    Attempt attempt =
        AttemptRows.find(c, id, w.attemptNo())
            .orElseThrow(
                () -> RunLedger.notFound(id, "no attempt " + w.attemptNo() + " of run " + id));
    if (!attempt.running() && attempt.outcome().equals(Optional.of(w.outcome()))) {
      LOG.info(
          "[{}] the end of attempt {} of {} ({}) is recorded already; not written again",
          attempt.owner(),
          w.attemptNo(),
          id,
          w.outcome().code());
      return result(c, run, attempt, RunRows.retryAt(c, id), Optional.empty(), true, List.of());
    }
    Attempt ended =
        AttemptRules.end(
            attempt, w.outcome(), w.exitCode(), Optional.of(Inputs.cap(w.detail())), now);
    AttemptRows.update(c, ended);
    append(
        events,
        w,
        "attempt.finished",
        "attempt " + w.attemptNo() + " " + w.outcome().code() + ": " + w.detail(),
        w.finishedData(),
        now);
    if (ended.superseded()) {
      LOG.warn(
          "[{}] attempt {} of {} ended {} after it was {}: its result is kept, marked superseded",
          attempt.owner(),
          w.attemptNo(),
          id,
          w.outcome(),
          attempt.running() ? "superseded by a recovery attempt" : "abandoned");
      append(
          events,
          w,
          "attempt.superseded",
          "attempt "
              + w.attemptNo()
              + " ended after another attempt took the run over; its result is kept, not used",
          Map.of(),
          now);
      return result(c, run, ended, Optional.empty(), Optional.empty(), false, events);
    }
    if (run.status().terminal() || run.attempts() > w.attemptNo()) {
      LOG.warn(
          "[{}] {} was ended {} by attempt {} meanwhile; the result of attempt {} is kept, not used",
          attempt.owner(),
          id,
          run.status().code(),
          run.attempts(),
          w.attemptNo());
      return result(c, run, ended, Optional.empty(), Optional.empty(), false, events);
    }
    // With one attempt in the run, it is the one just ended: no other can be running.
    List<Attempt> running = run.attempts() <= 1 ? List.of() : AttemptRows.runningOf(c, id);
    if (!running.isEmpty()) {
      throw new IllegalRunTransitionException(
          id,
          run.status(),
          w.outcome(),
          "attempt(s) " + RunLedger.describe(running) + " still running: the run cannot end");
    }
    if (w.retry().isPresent()) {
      Optional<CancelRequest> cancel = RunRows.cancelRequest(c, id);
      if (cancel.isEmpty()) {
        return awaitRetry(c, run, ended, w, now, events);
      }
      return finish(c, run, ended, cancelled(w, cancel.get()), now, events, begun);
    }
    return finish(
        c,
        run,
        ended,
        new Finish(w.outcome(), w.error(), w.reason(), finishedMessage(w)),
        now,
        events,
        begun);
  }

  private record Finish(
      RunStatus status, Optional<ErrorEnvelope> error, Optional<String> reason, String message) {}

  private static EndResult awaitRetry(
      Connection c, Run run, Attempt ended, EndWrite w, Instant now, List<EventRows.Draft> events)
      throws SQLException {
    EndWrite.Retry retry = w.retry().orElseThrow();
    RunRows.setRetryAt(c, run.id(), retry.at());
    int next = w.attemptNo() + 1;
    append(
        events,
        w,
        "retry.scheduled",
        "attempt " + next + " (retry) at " + retry.at() + ", in " + HumanDuration.of(retry.delay()),
        Map.of(
            "attempt",
            Integer.toString(next),
            "delay",
            retry.delay().toString(),
            "at",
            retry.at().toString()),
        now);
    return result(c, run, ended, Optional.of(retry.at()), Optional.empty(), false, events);
  }

  /**
   * The run's end: the run row and the reservation of its last event numbers in one update, the
   * events in one batch; the run's event list is read back only when this process's begin of it did
   * not write all the events before these ({@link BegunEvents}).
   */
  private static EndResult finish(
      Connection c,
      Run run,
      Attempt ended,
      Finish f,
      Instant now,
      List<EventRows.Draft> events,
      BegunEvents begun)
      throws SQLException {
    RunTransitions.check(run.id(), run.status(), f.status());
    Inputs.requireReason(f.status(), f.reason());
    Run finished = run.ended(f.status(), f.reason(), f.error(), now);
    Map<String, String> data =
        f.reason().isPresent()
            ? Map.of("status", f.status().code(), "reason", f.reason().get())
            : Map.of("status", f.status().code());
    events.add(new EventRows.Draft(0, "run.finished", f.message(), data, now));
    long last = RunRows.updateReserving(c, finished, events.size());
    List<RunEvent> written = EventRows.insertReserved(c, run.id(), events, last);
    List<RunId> after = AfterRuns.queue(c, finished, now); // the downstream runs it starts
    List<RunEvent> all = begun.complete(run.id(), written).orElse(null);
    return new EndResult(
        finished,
        ended,
        finished.attempts() <= 1 ? List.of(ended) : AttemptRows.ofRun(c, run.id()),
        all != null ? all : events(c, run.id()),
        Optional.empty(),
        waiting(c, run.id().jobId()),
        false,
        after);
  }

  /** A retry was due, but someone asked to cancel the run meanwhile: it ends cancelled. */
  private static Finish cancelled(EndWrite w, CancelRequest cancel) {
    ErrorEnvelope error =
        ErrorEnvelope.of(
            ErrorCode.JOB_CANCELLED,
            "run "
                + w.run()
                + " cancelled by "
                + cancel.requestedBy()
                + " after attempt "
                + w.attemptNo()
                + " "
                + w.outcome().code()
                + "; no retry",
            w.run().jobId(),
            List.of());
    return new Finish(
        RunStatus.CANCELLED,
        Optional.of(error),
        Optional.of(cancel.reason()),
        error.error().message());
  }

  private static String finishedMessage(EndWrite w) {
    return "run "
        + w.run()
        + " "
        + w.outcome().code()
        + w.error().map(e -> " (" + e.error().code() + ")").orElse("");
  }

  private static void append(
      List<EventRows.Draft> events,
      EndWrite w,
      String type,
      String message,
      Map<String, String> data,
      Instant now) {
    events.add(new EventRows.Draft(w.attemptNo(), type, Inputs.cap(message), data, now));
  }

  private static void write(Connection c, RunId id, List<EventRows.Draft> events)
      throws SQLException {
    if (EventRows.appendAll(c, id, events).isEmpty()) {
      throw RunLedger.notFound(id);
    }
  }

  private static EndResult result(
      Connection c,
      Run run,
      Attempt attempt,
      Optional<Instant> retryAt,
      Optional<RunId> waiting,
      boolean replayed,
      List<EventRows.Draft> events)
      throws SQLException {
    write(c, run.id(), events);
    Run now = RunRows.find(c, run.id()).orElse(run);
    return new EndResult(
        now,
        attempt,
        AttemptRows.ofRun(c, run.id()),
        events(c, run.id()),
        retryAt,
        waiting,
        replayed,
        List.of());
  }

  static List<RunEvent> events(Connection c, RunId id) throws SQLException {
    List<RunEvent> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<RunEvent> page = EventRows.page(c, id, after, RunLedger.MAX_PAGE);
      all.addAll(page);
      if (page.size() < RunLedger.MAX_PAGE) {
        return all;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  /** The job's run waiting for a slot, if any (its admission checks the slots again). */
  private static Optional<RunId> waiting(Connection c, String jobId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(WAITING)) {
      select.setString(1, jobId);
      select.setMaxRows(1);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(new RunId(jobId, rs.getLong(1))) : Optional.empty();
      }
    }
  }
}
