package dev.cronstone.execution;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task knows of the fire it runs for: the job, the node, the intended fire instant and the
 * wall time it was scheduled for (absent for a manual run), the attempt's deadline, and the
 * upstream run that started an {@code after} run ({@code ${upstreamRunId}}).
 */
public record FireContext(
    String jobId,
    String nodeId,
    Instant intendedFire,
    Optional<LocalDateTime> scheduledWallTime,
    ZoneId zone,
    Duration timeout,
    Optional<String> upstreamRunId) {

  public FireContext {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(intendedFire, "intendedFire");
    Objects.requireNonNull(scheduledWallTime, "scheduledWallTime");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(upstreamRunId, "upstreamRunId");
  }

  /** The context of a run that no upstream run started. */
  public FireContext(
      String jobId,
      String nodeId,
      Instant intendedFire,
      Optional<LocalDateTime> scheduledWallTime,
      ZoneId zone,
      Duration timeout) {
    this(jobId, nodeId, intendedFire, scheduledWallTime, zone, timeout, Optional.empty());
  }

  /**
   * The local date the fire belongs to ({@code ${fireDate}}): the scheduled date, even if shifted.
   */
  LocalDateTime localFire() {
    return scheduledWallTime.orElseGet(() -> LocalDateTime.ofInstant(intendedFire, zone));
  }
}
