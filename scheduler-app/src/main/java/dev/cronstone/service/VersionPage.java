package dev.cronstone.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Saved versions of a job, newest first, and the cursor of the next (older) page. */
public record VersionPage(String jobId, List<JobVersion> versions, Optional<Long> nextCursor) {
  public VersionPage {
    Objects.requireNonNull(jobId, "jobId");
    versions = List.copyOf(versions);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
