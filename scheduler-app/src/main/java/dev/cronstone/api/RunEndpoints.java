package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.service.RunService;
import dev.cronstone.view.CancelView;
import dev.cronstone.view.EventPage;
import dev.cronstone.view.EventView;
import dev.cronstone.view.RunDetail;
import dev.cronstone.view.RunPage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code /api/v1/jobs/{id}/runs}: list, get, cancel, and a run's events as JSON pages. */
final class RunEndpoints {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 500;
  static final int DEFAULT_EVENTS = 200;
  static final int MAX_EVENTS = 1000;

  private final RunService runs;

  RunEndpoints(RunService runs) {
    this.runs = runs;
  }

  void routes(Router router, String prefix) {
    router
        .add("GET", prefix + "/jobs/{id}/runs", this::list)
        .add("GET", prefix + "/jobs/{id}/runs/{runNo}", this::get)
        .add("POST", prefix + "/jobs/{id}/runs/{runNo}/cancel", this::cancel)
        .add("GET", prefix + "/jobs/{id}/runs/{runNo}/events", this::events);
  }

  private void list(Call call) {
    String jobId = call.param("id");
    int limit = call.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Optional<Long> before =
        call.query("cursor").filter(c -> !c.isEmpty()).map(c -> cursor("cursor", c));
    Optional<RunStatus> status = call.query("status").filter(s -> !s.isEmpty()).map(this::status);
    Optional<Long> backfill =
        call.query("backfill").filter(b -> !b.isEmpty()).map(RunEndpoints::backfillId);
    if (backfill.isPresent() && status.isPresent()) {
      throw CronstoneException.invalidArgument("backfill", "cannot be combined with status");
    }
    List<Run> found =
        backfill.isPresent()
            ? runs.backfills().runs(jobId, backfill.get(), limit + 1, before)
            : runs.history(jobId, limit + 1, before, status);
    call.json(200, RunPage.of(found, limit));
  }

  private void get(Call call) {
    RunId id = runId(call);
    call.json(200, RunDetail.of(runs.run(id), runs.attempts(id)));
  }

  private void cancel(Call call) {
    call.json(202, CancelView.of(runs.cancel(runId(call), call.who())));
  }

  private void events(Call call) {
    RunId id = runId(call);
    long after = call.longQuery("after", 0, 0, Long.MAX_VALUE);
    int limit = call.intQuery("limit", DEFAULT_EVENTS, 1, MAX_EVENTS);
    Run run = runs.run(id);
    List<RunEvent> events = runs.events(id, after, limit);
    long nextAfter = events.isEmpty() ? after : events.get(events.size() - 1).seq();
    call.json(
        200,
        new EventPage(
            id.toString(),
            events.stream().map(EventView::of).toList(),
            nextAfter,
            run.status().code(),
            run.status().terminal()));
  }

  /** The run of {@code {id}} and {@code {runNo}}; a malformed number is an unknown run. */
  static RunId runId(Call call) {
    String jobId = call.param("id");
    String runNo = call.param("runNo");
    try {
      long no = Long.parseLong(runNo);
      if (no >= 1) {
        return new RunId(jobId, no);
      }
    } catch (NumberFormatException e) {
      // falls through
    } catch (IllegalArgumentException e) {
      throw new CronstoneException(
          dev.cronstone.error.ErrorCode.JOB_NOT_FOUND, "no job '" + jobId + "'", jobId, List.of());
    }
    throw CronstoneException.invalidArgument(
        "runNo", "must be a run number (1, 2, 3 ...), got '" + runNo + "'");
  }

  private static long backfillId(String text) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw CronstoneException.invalidArgument(
        "backfill", "must be a backfill id (GET /jobs/{id}/backfills), got '" + text + "'");
  }

  private static long cursor(String name, String text) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw CronstoneException.invalidArgument(
        name, "must be a run number from a previous page's nextCursor, got '" + text + "'");
  }

  private RunStatus status(String text) {
    try {
      return RunStatus.fromCode(text);
    } catch (IllegalArgumentException e) {
      throw CronstoneException.invalidArgument(
          "status",
          "must be one of "
              + Arrays.stream(RunStatus.values()).map(RunStatus::code).toList()
              + ", got '"
              + text
              + "'");
    }
  }
}
