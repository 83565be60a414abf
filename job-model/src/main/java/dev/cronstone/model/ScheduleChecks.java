package dev.cronstone.model;

import dev.cronstone.schedule.CronExpression;
import dev.cronstone.schedule.CronSyntaxException;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks that need the schedule calculator and the zone rules: cron syntax (either dialect),
 * "fires at least once in the next 10 years", and IANA region ids.
 */
final class ScheduleChecks {
  static final int HORIZON_YEARS = 10;
  private static final Set<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds());
  private static final Set<String> UTC_IDS = Set.of("UTC", "Etc/UTC");
  private static final String EXAMPLE =
      "use a region such as Europe/Berlin or America/New_York, or UTC";

  private final Clock clock;

  ScheduleChecks(Clock clock) {
    this.clock = clock;
  }

  Optional<CronExpression> cron(String text, FieldPath path, Problems problems) {
    try {
      return Optional.of(CronExpression.parse(text));
    } catch (CronSyntaxException e) {
      problems.add(path, "invalid cron expression " + Texts.quote(text) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      problems.add(path, "cannot check cron expression " + Texts.quote(text) + ": " + e);
    }
    return Optional.empty();
  }

  /** Adds a problem when the expression has no fire time in the next 10 years. */
  void firesSoon(CronExpression cron, ZoneId zone, FieldPath path, Problems problems) {
    Instant now = clock.instant();
    Instant horizon = now.atOffset(ZoneOffset.UTC).plusYears(HORIZON_YEARS).toInstant();
    try {
      Optional<FireTime> next = Schedule.of(List.of(cron), zone).next(now);
      if (next.isEmpty() || next.get().instant().isAfter(horizon)) {
        problems.add(
            path,
            Texts.quote(cron.text()) + " never fires in the next " + HORIZON_YEARS + " years");
      }
    } catch (RuntimeException e) {
      problems.add(path, "cannot compute the fire times of " + Texts.quote(cron.text()) + ": " + e);
    }
  }

  /** An IANA region id (Area/Location, or UTC), else a problem saying what to write instead. */
  static Optional<ZoneId> zone(String text, FieldPath path, Problems problems) {
    if (UTC_IDS.contains(text) || (ZONES.contains(text) && isRegion(text))) {
      return Optional.of(ZoneId.of(text));
    }
    problems.add(path, Texts.quote(text) + " is not an IANA region id: " + zoneAdvice(text));
    return Optional.empty();
  }

  private static String zoneAdvice(String text) {
    Optional<String> sameIgnoringCase =
        ZONES.stream().filter(z -> z.equalsIgnoreCase(text) && isRegion(z)).findFirst();
    if (sameIgnoringCase.isPresent()) {
      return "ids are case-sensitive; did you mean '" + sameIgnoringCase.get() + "'?";
    }
    if (isOffset(text)) {
      return "a fixed UTC offset ignores daylight saving time; " + EXAMPLE;
    }
    if (ZONES.contains(text)) {
      return "abbreviations and legacy ids are ambiguous or ignore local rules; " + EXAMPLE;
    }
    return Suggestions.closest(text, ZONES.stream().filter(ScheduleChecks::isRegion).toList())
        .map(z -> "did you mean '" + z + "'?")
        .orElse(EXAMPLE);
  }

  private static boolean isRegion(String id) {
    return id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/");
  }

  private static boolean isOffset(String text) {
    return text.matches("(?i)(UTC|GMT|UT|Etc/GMT)?\\s*[+-].*") || text.equalsIgnoreCase("Z");
  }
}
