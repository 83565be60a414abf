package dev.cronstone.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A backfill of a job (docs/runs.md, "Backfill"): the runs one request created for the instants of
 * the job's schedule in {@code [from, to)} that had no backfill run yet, and their progress.
 *
 * @param instants how many runs the backfill created
 * @param byStatus how many of its runs are in each status now (status code to count, only the
 *     statuses some run is in)
 */
public record Backfill(
    long id,
    String jobId,
    Instant from,
    Instant to,
    String requestedBy,
    Instant createdAt,
    int instants,
    Map<String, Integer> byStatus) {
  public Backfill {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    byStatus = Map.copyOf(byStatus);
  }

  /** The runs of the backfill that have ended. */
  public int ended() {
    return byStatus.entrySet().stream()
        .filter(e -> RunStatus.fromCode(e.getKey()).terminal())
        .mapToInt(Map.Entry::getValue)
        .sum();
  }
}
