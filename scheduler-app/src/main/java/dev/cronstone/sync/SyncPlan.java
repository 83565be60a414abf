package dev.cronstone.sync;

import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sync does, or would do with {@code --dry-run}: jobs to add, update and remove, jobs left
 * as they are, spec files skipped as invalid, and removals held back by a safety rule. Every list
 * is sorted by job id (invalid files by file).
 *
 * @param dir the spec folder, as configured
 * @param stored how many jobs the store held when the plan was made
 */
public record SyncPlan(
    String dir,
    int stored,
    List<Change> added,
    List<Change> updated,
    List<String> removed,
    List<String> unchanged,
    List<Invalid> invalid,
    Optional<Withheld> withheld) {

  public SyncPlan {
    Objects.requireNonNull(dir, "dir");
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    removed = List.copyOf(removed);
    unchanged = List.copyOf(unchanged);
    invalid = List.copyOf(invalid);
    Objects.requireNonNull(withheld, "withheld");
  }

  /** True when applying the plan writes nothing. */
  public boolean noWrites() {
    return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
  }

  /** "2 added, 1 updated, 0 removed, 5 unchanged, 1 invalid". */
  public String summary() {
    return added.size()
        + " added, "
        + updated.size()
        + " updated, "
        + removed.size()
        + " removed, "
        + unchanged.size()
        + " unchanged, "
        + invalid.size()
        + " invalid";
  }

  /** A job written by the sync: where its spec came from and, for an update, why. */
  public record Change(String jobId, String source, String reason) {
    public Change {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A spec file skipped because it has problems.
   *
   * @param jobId the id it declares, when one could be read
   * @param kept true when the store holds a job of this file, which is kept as it was
   */
  public record Invalid(
      String source, Optional<String> jobId, List<Problem> problems, boolean kept) {
    public Invalid {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(jobId, "jobId");
      problems = List.copyOf(problems);
    }
  }

  /**
   * Stored jobs that have no spec any more but are not removed, and why.
   *
   * @param policyDenied true when a safety rule held them back (an empty or missing folder, or more
   *     than half of the jobs without {@code --force}); false when {@code jobs.removeMissing} is
   *     off
   */
  public record Withheld(Reason reason, List<String> jobIds, String message, boolean policyDenied) {
    public Withheld {
      Objects.requireNonNull(reason, "reason");
      jobIds = List.copyOf(jobIds);
      Objects.requireNonNull(message, "message");
    }

    /** The message with the first job ids (a log line, not a list of thousands). */
    public String summary() {
      int shown = Math.min(jobIds.size(), LOGGED_IDS);
      String ids = String.join(", ", jobIds.subList(0, shown));
      return message
          + ": "
          + ids
          + (jobIds.size() > shown ? " and " + (jobIds.size() - shown) + " more" : "");
    }
  }

  /** How many of the held-back job ids a log line names. */
  static final int LOGGED_IDS = 10;

  /** Why removals were held back. */
  public enum Reason {
    FOLDER_MISSING,
    FOLDER_EMPTY,
    MORE_THAN_HALF,
    REMOVE_MISSING_OFF
  }
}
