package dev.cronstone.view;

import dev.cronstone.ledger.Backfill;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backfill and its progress (schema {@code Backfill} of docs/openapi.yaml).
 *
 * @param instants how many runs the backfill created
 * @param byStatus how many of its runs are in each status now
 * @param ended how many of its runs have ended
 */
public record BackfillView(
    long backfillId,
    String jobId,
    Instant from,
    Instant to,
    String requestedBy,
    Instant createdAt,
    int instants,
    Map<String, Integer> byStatus,
    int ended) {

  public static BackfillView of(Backfill b) {
    return new BackfillView(
        b.id(),
        b.jobId(),
        b.from(),
        b.to(),
        b.requestedBy(),
        b.createdAt(),
        b.instants(),
        b.byStatus(),
        b.ended());
  }

  /** The answer of {@code GET /api/v1/jobs/{id}/backfills}: newest first. */
  public record Page(List<BackfillView> backfills) {
    public static Page of(List<Backfill> backfills) {
      return new Page(backfills.stream().map(BackfillView::of).toList());
    }
  }
}
