package dev.cronstone.service;

import java.util.Objects;

/**
 * What {@code pause} or {@code resume} did to one job.
 *
 * @param paused whether the job is paused now
 * @param changed false when it already was in that state (Quartz's triggers are set again anyway)
 */
public record PauseChange(String jobId, boolean paused, boolean changed) {
  public PauseChange {
    Objects.requireNonNull(jobId, "jobId");
  }
}
