package dev.cronstone.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backfill request did.
 *
 * @param backfillId the backfill created; empty when every instant had a backfill run already
 * @param created the instants that got a (queued) run now, oldest first
 * @param present the instants that had a backfill run already (of this or an earlier backfill)
 */
public record BackfillResult(
    Optional<Long> backfillId, List<Instant> created, List<Instant> present) {
  public BackfillResult {
    Objects.requireNonNull(backfillId, "backfillId");
    created = List.copyOf(created);
    present = List.copyOf(present);
  }
}
