package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The ledger's side of retries and cancel requests (columns of migration V6 on {@code cs_run}). */
final class RunControls {
  private final DataSource dataSource;

  RunControls(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  RetryWait awaitRetry(RunId id, int attemptNo, Instant at) {
    return Jdbc.transaction(
        dataSource,
        "schedule a retry of run " + id,
        c -> {
          Run run = RunRows.lock(c, id).orElseThrow(() -> RunLedger.notFound(id));
          List<Attempt> running = AttemptRows.runningOf(c, id);
          if (run.status() != RunStatus.RUNNING
              || run.attempts() != attemptNo
              || !running.isEmpty()) {
            throw new IllegalRunTransitionException(
                id,
                run.status(),
                RunStatus.RUNNING,
                "a retry follows the run's last"
                    + " attempt once it has ended; the run has "
                    + run.attempts()
                    + " attempt(s)"
                    + (running.isEmpty() ? "" : ", " + RunLedger.describe(running) + " running")
                    + ", not attempt "
                    + attemptNo
                    + " ended");
          }
          if (RunRows.cancelRequest(c, id).isPresent()) {
            return RetryWait.CANCEL_REQUESTED;
          }
          RunRows.setRetryAt(c, id, at);
          return RetryWait.WAITING;
        });
  }

  Optional<Instant> pendingRetry(RunId id) {
    return Jdbc.autoCommit(
        dataSource, "read the pending retry of run " + id, c -> RunRows.retryAt(c, id));
  }

  Optional<CancelRequest> cancelRequest(RunId id) {
    return Jdbc.autoCommit(
        dataSource, "read the cancel request of run " + id, c -> RunRows.cancelRequest(c, id));
  }

  List<Attempt> cancelRequested(String owner) {
    return Jdbc.autoCommit(
        dataSource,
        "read the cancel requests of '" + owner + "'",
        c -> AttemptRows.cancelRequested(c, owner));
  }

  Cancellation requestCancel(RunId id, String who, Instant now) {
    return Jdbc.transaction(
        dataSource,
        "cancel run " + id,
        c -> {
          Run run = RunRows.lock(c, id).orElseThrow(() -> RunLedger.notFound(id));
          if (run.status().terminal()) {
            throw ended(run);
          }
          return requestLocked(c, run, who, CancelRequest.OPERATOR, now);
        });
  }

  /**
   * Records the cancel request of {@code run} (locked by the caller, not ended) in the caller's
   * transaction; a queued run, or one between attempts, ends cancelled with {@code reason} here.
   */
  static Cancellation requestLocked(Connection c, Run run, String who, String reason, Instant now)
      throws SQLException {
    RunId id = run.id();
    boolean first = RunRows.cancelRequest(c, id).isEmpty();
    RunRows.requestCancel(c, id, who, now, reason);
    CancelRequest request = RunRows.cancelRequest(c, id).orElseThrow();
    List<Attempt> running = AttemptRows.runningOf(c, id);
    if (first) {
      EventRows.append(
          c,
          id,
          0,
          "cancel.requested",
          "cancel requested by "
              + who
              + (running.isEmpty()
                  ? ""
                  : "; attempt(s) " + RunLedger.describe(running) + " will be stopped"),
          Map.of("by", who, "reason", reason),
          now);
    }
    boolean between = run.status() == RunStatus.QUEUED || RunRows.retryAt(c, id).isPresent();
    if (!running.isEmpty() || !between) {
      // An attempt runs (its owner stops it), or one has just ended and its driver is deciding
      // what follows: it sees the request and does not retry.
      return new Cancellation(run, false, running, request);
    }
    return new Cancellation(cancelNow(c, run, request, now), true, List.of(), request);
  }

  /** A queued run, or one between attempts (waiting for its retry): it ends cancelled here. */
  private static Run cancelNow(Connection c, Run run, CancelRequest request, Instant now)
      throws SQLException {
    RunId id = run.id();
    String was = run.status() == RunStatus.QUEUED ? "before it started" : "between attempts";
    String message = "run " + id + " cancelled by " + request.requestedBy() + " " + was;
    RunTransitions.check(id, run.status(), RunStatus.CANCELLED);
    Run ended =
        run.ended(
            RunStatus.CANCELLED,
            Optional.of(request.reason()),
            Optional.of(ErrorEnvelope.of(ErrorCode.JOB_CANCELLED, message, id.jobId(), List.of())),
            now);
    RunRows.update(c, ended);
    AfterRuns.queue(c, ended, now); // between attempts it ran: its downstream runs, if any
    EventRows.append(
        c,
        id,
        0,
        "run.finished",
        message,
        Map.of("status", "cancelled", "reason", request.reason()),
        now);
    return ended;
  }

  private static CronstoneException ended(Run run) {
    String problem =
        "run "
            + run.id()
            + " has ended ("
            + run.status().code()
            + run.endedAt().map(at -> " at " + at).orElse("")
            + "): there is nothing to cancel";
    return new CronstoneException(
        ErrorCode.INVALID_ARGUMENT,
        problem,
        run.id().jobId(),
        List.of(new Problem("runId", problem)));
  }
}
