package dev.cronstone.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The runs a prune removed from the ledger (or, on a dry run, would remove), oldest first. The
 * caller deletes their artifact folders.
 */
public record PruneResult(String jobId, List<RunId> pruned, boolean dryRun) {
  public PruneResult {
    Objects.requireNonNull(jobId, "jobId");
    pruned = List.copyOf(pruned);
  }
}
