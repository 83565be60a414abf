package dev.cronstone.api;

import dev.cronstone.service.BackfillAnswer;
import dev.cronstone.service.BackfillService;
import dev.cronstone.view.BackfillView;

/**
 * {@code POST /api/v1/jobs/{id}/backfill} (queue one backfill run per instant of the schedule in a
 * range, or list them with {@code dryRun}) and {@code GET /api/v1/jobs/{id}/backfills} (the job's
 * backfills with their progress).
 */
final class BackfillEndpoints {
  private final BackfillService backfills;

  BackfillEndpoints(BackfillService backfills) {
    this.backfills = backfills;
  }

  void routes(Router router, String prefix) {
    router
        .add("POST", prefix + "/jobs/{id}/backfill", this::backfill)
        .add("GET", prefix + "/jobs/{id}/backfills", this::list);
  }

  private void backfill(Call call) throws Exception {
    BackfillRequest request = BackfillRequest.parse(call.body(Limits.BODY_BYTES));
    BackfillAnswer answer =
        backfills.request(
            call.param("id"),
            request.from(),
            request.to(),
            request.max(),
            request.dryRun(),
            call.who());
    call.json(answer.dryRun() || answer.backfillId().isEmpty() ? 200 : 202, answer);
  }

  private void list(Call call) {
    call.json(200, BackfillView.Page.of(backfills.list(call.param("id"))));
  }
}
