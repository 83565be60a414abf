package dev.cronstone.view;

import java.util.List;
import java.util.Optional;

/**
 * A page of jobs sorted by id (schema {@code JobList}); {@code nextCursor}, present when more jobs
 * follow, is the id to continue after.
 */
public record JobList(List<JobItem> jobs, Optional<String> nextCursor) {}
