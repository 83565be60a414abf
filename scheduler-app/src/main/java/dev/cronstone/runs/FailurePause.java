package dev.cronstone.runs;

import dev.cronstone.ledger.Run;
import dev.cronstone.model.JobSpec;
import java.util.Optional;

/**
 * A job's {@code policy.pauseAfterFailures} (docs/policies.md, "Pause after failures"): asked once
 * a run's end is committed, it pauses the job cluster-wide when its last N finished runs all did
 * not succeed. {@link #NONE} never pauses (the CLI's own runs, tests).
 */
public interface FailurePause {
  /** Never pauses. */
  FailurePause NONE = (spec, run) -> Optional.empty();

  /**
   * Pauses the job when its policy says so and it is not paused yet.
   *
   * @return the number of consecutive runs that did not succeed when THIS call paused the job;
   *     empty when it did not (no policy, fewer failures, already paused, paused by another node)
   */
  Optional<Integer> runEnded(JobSpec spec, Run run);
}
