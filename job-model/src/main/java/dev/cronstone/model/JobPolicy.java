package dev.cronstone.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler does on its own about a job's runs (docs/policies.md, "Pause after failures").
 *
 * @param pauseAfterFailures when set, the job is paused (by {@code policy}) once this many
 *     consecutive finished runs did not succeed; absent: never
 */
public record JobPolicy(Optional<Integer> pauseAfterFailures) {
  /** The largest {@code pauseAfterFailures}. */
  public static final int MAX_PAUSE_AFTER_FAILURES = 1000;

  private static final JobPolicy NONE = new JobPolicy(Optional.empty());

  public JobPolicy {
    Objects.requireNonNull(pauseAfterFailures, "pauseAfterFailures");
    if (pauseAfterFailures.isPresent()
        && (pauseAfterFailures.get() < 1 || pauseAfterFailures.get() > MAX_PAUSE_AFTER_FAILURES)) {
      throw new IllegalArgumentException(
          "pauseAfterFailures must be between 1 and " + MAX_PAUSE_AFTER_FAILURES);
    }
  }

  /** No policy: what a spec without {@code policy} gets. */
  public static JobPolicy none() {
    return NONE;
  }

  /** Whether nothing is set (the canonical JSON then leaves {@code policy} out). */
  public boolean isEmpty() {
    return pauseAfterFailures.isEmpty();
  }
}
