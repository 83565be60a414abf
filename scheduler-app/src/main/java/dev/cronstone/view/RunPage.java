package dev.cronstone.view;

import dev.cronstone.ledger.Run;
import java.util.List;
import java.util.Optional;

/**
 * A page of a job's runs, newest first (schema {@code RunList}); {@code nextCursor}, present when
 * more runs follow, is the run number to continue below.
 */
public record RunPage(List<RunView> runs, Optional<String> nextCursor) {
  /**
   * The first {@code limit} of {@code found}, which holds up to {@code limit + 1} runs: one more
   * than the page says that another page follows.
   */
  public static RunPage of(List<Run> found, int limit) {
    Optional<String> next =
        found.size() > limit
            ? Optional.of(Long.toString(found.get(limit - 1).id().runNo()))
            : Optional.empty();
    List<RunView> page =
        found.subList(0, Math.min(limit, found.size())).stream().map(RunView::of).toList();
    return new RunPage(page, next);
  }
}
