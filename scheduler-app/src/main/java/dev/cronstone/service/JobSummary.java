package dev.cronstone.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code jobs list}: a stored job as {@code cs_job} and its trigger row say.
 *
 * @param schedule the cron expressions (empty for a manual-only job)
 * @param timezone the schedule's zone (absent for a manual-only job)
 * @param task the task type: command, http or builtin
 * @param nextFire {@code QRTZ_TRIGGERS.NEXT_FIRE_TIME} of its schedule trigger, absent when it has
 *     none (disabled, manual-only) or the trigger is paused
 * @param owner {@code file} (its spec file) or {@code store} (the API, {@code jobs apply})
 * @param version its current saved version (docs/job-spec.md, "Who owns a job")
 * @param source the spec file of a file-owned job
 */
public record JobSummary(
    String id,
    List<String> schedule,
    Optional<String> timezone,
    String task,
    boolean enabled,
    boolean paused,
    Optional<Instant> nextFire,
    String owner,
    long version,
    Optional<String> source) {

  public JobSummary {
    Objects.requireNonNull(id, "id");
    schedule = List.copyOf(schedule);
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(nextFire, "nextFire");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(source, "source");
  }
}
