package dev.cronstone.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of jobs in id order; {@code nextCursor} (the last id of the page) is present when more
 * jobs follow: pass it as {@code after} for the next page.
 */
public record JobPage(List<JobSummary> jobs, Optional<String> nextCursor) {
  public JobPage {
    jobs = List.copyOf(jobs);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
