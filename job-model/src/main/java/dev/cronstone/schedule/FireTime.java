package dev.cronstone.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One fire of a schedule: the instant it fires, and the wall time it was scheduled for. The two
 * differ only for a wall time inside a spring-forward gap (rule 2), which fires shifted forward by
 * the gap but still belongs to its scheduled local date.
 */
public record FireTime(Instant instant, LocalDateTime scheduledWallTime, ZoneId zone) {
  public FireTime {
    Objects.requireNonNull(instant, "instant");
    Objects.requireNonNull(scheduledWallTime, "scheduledWallTime");
    Objects.requireNonNull(zone, "zone");
  }

  /** The instant in the job's zone, with its offset. */
  public ZonedDateTime zoned() {
    return instant.atZone(zone);
  }

  /** The local date the fire was scheduled for: what {@code ${fireDate}} means. */
  public LocalDate fireDate() {
    return scheduledWallTime.toLocalDate();
  }

  /** True when the scheduled wall time did not exist and the fire was shifted past the gap. */
  public boolean shifted() {
    return !zoned().toLocalDateTime().equals(scheduledWallTime);
  }
}
