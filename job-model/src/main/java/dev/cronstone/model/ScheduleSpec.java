package dev.cronstone.model;

import dev.cronstone.schedule.CronExpression;
import dev.cronstone.schedule.CronSyntaxException;
import dev.cronstone.schedule.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a job fires: one or more cron expressions (section 2.1) read in one IANA time zone, and what
 * a missed fire does. {@code catchUpWindow} and {@code maxCatchUp} matter only with {@link
 * Misfire#CATCH_UP}; otherwise they hold their defaults.
 *
 * @param cron the expressions as written, with runs of blanks collapsed to one space
 */
public record ScheduleSpec(
    List<String> cron, ZoneId timezone, Misfire misfire, Duration catchUpWindow, int maxCatchUp) {

  public static final Misfire DEFAULT_MISFIRE = Misfire.FIRE_ONCE_NOW;
  public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(6);
  public static final int DEFAULT_MAX_CATCH_UP = 10;
  public static final int MAX_CATCH_UP_LIMIT = 1000;

  public ScheduleSpec {
    cron = List.copyOf(cron);
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(misfire, "misfire");
    Objects.requireNonNull(catchUpWindow, "catchUpWindow");
    if (cron.isEmpty() || cron.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("cron needs at least one non-blank expression");
    }
    if (catchUpWindow.isNegative() || catchUpWindow.isZero()) {
      throw new IllegalArgumentException("catchUpWindow must be positive");
    }
    if (maxCatchUp < 1 || maxCatchUp > MAX_CATCH_UP_LIMIT) {
      throw new IllegalArgumentException("maxCatchUp must be between 1 and " + MAX_CATCH_UP_LIMIT);
    }
  }

  /** A schedule with the default misfire policy. */
  public static ScheduleSpec of(List<String> cron, ZoneId timezone) {
    return new ScheduleSpec(
        cron, timezone, DEFAULT_MISFIRE, DEFAULT_CATCH_UP_WINDOW, DEFAULT_MAX_CATCH_UP);
  }

  /** The calculator for these expressions in this zone. */
  public Schedule toSchedule() {
    List<CronExpression> expressions = new ArrayList<>();
    for (String text : cron) {
      try {
        expressions.add(CronExpression.parse(text));
      } catch (CronSyntaxException e) {
        throw new IllegalStateException("validated cron no longer parses: " + text, e);
      }
    }
    return Schedule.of(expressions, timezone);
  }
}
