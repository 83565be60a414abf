package dev.cronstone.execution;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task knows of the fire it runs for: the job, the node, the intended fire instant and the
 * wall time it was scheduled for (absent for a manual run), and the attempt's deadline.
 */
public record FireContext(
    String jobId,
    String nodeId,
    Instant intendedFire,
    Optional<LocalDateTime> scheduledWallTime,
    ZoneId zone,
    Duration timeout) {

  public FireContext {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(intendedFire, "intendedFire");
    Objects.requireNonNull(scheduledWallTime, "scheduledWallTime");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The local date the fire belongs to ({@code ${fireDate}}): the scheduled date, even if shifted.
   */
  LocalDateTime localFire() {
    return scheduledWallTime.orElseGet(() -> LocalDateTime.ofInstant(intendedFire, zone));
  }
}
