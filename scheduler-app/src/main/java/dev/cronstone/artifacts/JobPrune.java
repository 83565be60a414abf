package dev.cronstone.artifacts;

import dev.cronstone.ledger.RunId;
import java.util.List;
import java.util.Objects;

/**
 * What pruning one job did (or, in a dry run, would do).
 *
 * @param pruned the runs deleted from the ledger (would be, in a dry run), oldest first
 * @param foldersDeleted how many of their artifact folders were deleted (0 in a dry run)
 * @param folderFailures folders that could not be deleted, one line each (their runs are gone)
 */
public record JobPrune(
    String jobId,
    RetentionRule rule,
    boolean dryRun,
    List<RunId> pruned,
    int foldersDeleted,
    List<String> folderFailures) {
  public JobPrune {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(rule, "rule");
    pruned = List.copyOf(pruned);
    folderFailures = List.copyOf(folderFailures);
  }
}
