package dev.cronstone.view;

import dev.cronstone.schedule.FireTime;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One upcoming fire (schema {@code Fire}): the instant, the wall time in the schedule's zone with
 * its offset, and whether a daylight-saving gap shifted it.
 */
public record Fire(Instant instant, String local, boolean shifted) {
  public static Fire of(FireTime f) {
    return new Fire(
        f.instant(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(f.zoned()), f.shifted());
  }
}
