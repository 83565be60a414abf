package dev.cronstone.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a backfill request (docs/runs.md, "Backfill").
 *
 * @param instants every instant of the job's schedule in {@code [from, to)}, oldest first
 * @param backfillId the backfill created; empty for a dry run, or when every instant had a backfill
 *     run already
 * @param created the instants that got a queued run now (none for a dry run)
 * @param present the instants that had a backfill run already (none for a dry run)
 */
public record BackfillAnswer(
    String jobId,
    Instant from,
    Instant to,
    boolean dryRun,
    List<Instant> instants,
    Optional<Long> backfillId,
    List<Instant> created,
    List<Instant> present) {
  public BackfillAnswer {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    instants = List.copyOf(instants);
    Objects.requireNonNull(backfillId, "backfillId");
    created = List.copyOf(created);
    present = List.copyOf(present);
  }
}
