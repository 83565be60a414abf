package dev.cronstone.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: schedules from text, fire instants as ISO strings with their offsets. */
final class Fires {
  private Fires() {}

  static CronExpression cron(String text) {
    try {
      return CronExpression.parse(text);
    } catch (CronSyntaxException e) {
      throw new AssertionError("'" + text + "' should parse: " + e.getMessage(), e);
    }
  }

  static Schedule schedule(String zone, String... expressions) {
    return Schedule.of(
        Arrays.stream(expressions).map(Fires::cron).collect(Collectors.toList()), ZoneId.of(zone));
  }

  static Instant at(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toInstant();
  }

  /** The next {@code count} fires strictly after {@code after}, as ISO local time with offset. */
  static List<String> upcoming(Schedule schedule, String after, int count) {
    return schedule.upcoming(at(after), count).stream()
        .map(Fires::iso)
        .collect(Collectors.toList());
  }

  static List<String> upcoming(String zone, String expression, String after, int count) {
    return upcoming(schedule(zone, expression), after, count);
  }

  static String iso(FireTime fire) {
    return fire.zoned().toOffsetDateTime().toString();
  }
}
