package dev.cronstone.model;

import java.util.Objects;

/**
 * One entry of a spec's {@code after} list: run this job after each qualifying end of a run of
 * {@code job} (docs/job-spec.md, "after").
 *
 * @param job the upstream job's id
 * @param on which ends of its runs qualify
 */
public record AfterSpec(String job, AfterOn on) {
  /** What {@code on} is when left out. */
  public static final AfterOn DEFAULT_ON = AfterOn.SUCCESS;

  public AfterSpec {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(on, "on");
    if (!JobSpec.isValidId(job)) {
      throw new IllegalArgumentException("invalid upstream job id: " + job);
    }
  }
}
