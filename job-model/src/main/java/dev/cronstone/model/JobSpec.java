package dev.cronstone.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One job, as declared in one spec file (docs/job-spec.md), with every default filled in. Built by
 * {@link SpecLoader} only from a spec without problems; the constructor re-checks the invariants.
 *
 * @param id the job's id, unique in the jobs directory; what matters, not the file name
 * @param schedule absent for a manual-only job
 * @param retention absent means the node's default retention
 * @param policy what the scheduler does on its own about the job's runs; {@link JobPolicy#none()}
 *     when the spec has no {@code policy}
 * @param after the upstream jobs whose runs' ends start a run of this one; empty when none
 */
public record JobSpec(
    String id,
    Optional<String> description,
    boolean enabled,
    boolean recover,
    Optional<ScheduleSpec> schedule,
    TaskSpec task,
    RetrySpec retry,
    LimitsSpec limits,
    Parameters parameters,
    Optional<RetentionSpec> retention,
    JobPolicy policy,
    List<AfterSpec> after) {

  /** What an id looks like: 1 to 63 characters, lower-case letters, digits, '.', '_', '-'. */
  public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public static final boolean DEFAULT_ENABLED = true;
  public static final boolean DEFAULT_RECOVER = true;
  public static final int MAX_DESCRIPTION_LENGTH = 2000;

  public JobSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(policy, "policy");
    after = List.copyOf(after);
    if (!isValidId(id)) {
      throw new IllegalArgumentException("invalid job id: " + id);
    }
  }

  public static boolean isValidId(String id) {
    return id != null && ID_PATTERN.matcher(id).matches();
  }

  /**
   * True when the job has no schedule and runs only when asked (or, with {@code after}, when an
   * upstream run ends).
   */
  public boolean manualOnly() {
    return schedule.isEmpty();
  }

  /** The environment variables the task references as secrets ({@code ${env:NAME}}), sorted. */
  public Set<String> secretEnvNames() {
    return SecretRefs.envNames(this);
  }
}
