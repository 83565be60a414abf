package dev.cronstone.sync;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a sync: its plan, whether it was applied, and the jobs that could not be written
 * (each stays as it was in the store; the next sync tries again).
 */
public record SyncResult(SyncPlan plan, boolean applied, List<Failure> failures) {
  public SyncResult {
    Objects.requireNonNull(plan, "plan");
    failures = List.copyOf(failures);
  }

  /**
   * True when a safety rule held removals back (exit 6 {@code policy_denied} for {@code jobs
   * sync}).
   */
  public boolean policyDenied() {
    return plan.withheld().map(SyncPlan.Withheld::policyDenied).orElse(false);
  }

  /** One job the sync could not write. */
  public record Failure(String jobId, String message) {
    public Failure {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(message, "message");
    }
  }
}
