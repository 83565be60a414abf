package dev.cronstone.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fire times against a brute-force oracle written straight from rules 1-3 of docs/schedules.md:
 * rule 1 by walking instants, rule 2 by walking wall times and resolving each with {@code
 * ZonedDateTime.ofLocal(w, zone, null)} (earlier offset in an overlap, shifted past a gap).
 */
class ScheduleProperties {
  private static final List<String> ZONES =
      List.of(
          "America/New_York",
          "Europe/Berlin",
          "Australia/Lord_Howe",
          "America/Santiago",
          "Pacific/Chatham",
          "Asia/Tokyo",
          "Asia/Kolkata",
          "UTC");
  private static final Duration WINDOW = Duration.ofDays(2);

  /** One random case: expressions, zone and the start of the window (near a transition). */
  record Case(List<String> expressions, ZoneId zone, Instant start) {}

  @Property(tries = 300)
  void fires_are_exactly_what_the_rules_define(@ForAll("cases") Case c) {
    Schedule schedule =
        Schedule.of(
            c.expressions().stream().map(Fires::cron).collect(java.util.stream.Collectors.toList()),
            c.zone());
    Instant end = c.start().plus(WINDOW);
    List<FireTime> fires = schedule.between(c.start(), end, 100_000);

    Instant previous = c.start();
    for (FireTime fire : fires) {
      assertThat(fire.instant()).isAfter(previous);
      previous = fire.instant();
      boolean matched =
          schedule.expressions().stream().anyMatch(e -> e.matches(fire.scheduledWallTime()));
      assertThat(matched).as("%s matches one expression", fire).isTrue();
      if (fire.shifted()) {
        assertThat(c.zone().getRules().getValidOffsets(fire.scheduledWallTime())).isEmpty();
      }
    }
    List<Instant> ours =
        fires.stream().map(FireTime::instant).collect(java.util.stream.Collectors.toList());
    assertThat(ours).as("%s", c).isEqualTo(oracle(schedule, c.start(), end));
  }

  @Property(tries = 200)
  void next_is_a_pure_function_of_the_instant(
      @ForAll("cases") Case c, @ForAll("offsetsIntoWindow") long seconds) {
    Schedule schedule =
        Schedule.of(
            c.expressions().stream().map(Fires::cron).collect(java.util.stream.Collectors.toList()),
            c.zone());
    Instant t = c.start().plusSeconds(seconds);
    List<FireTime> fromStart =
        schedule.between(c.start(), c.start().plus(WINDOW.multipliedBy(2)), 100_000);
    FireTime expected =
        fromStart.stream().filter(f -> f.instant().isAfter(t)).findFirst().orElse(null);
    assertThat(schedule.next(t, c.start().plus(WINDOW.multipliedBy(2))).orElse(null))
        .isEqualTo(expected);
  }

  @Property(tries = 2000)
  void parse_never_fails_other_than_with_a_syntax_error(@ForAll("junk") String text) {
    assertThatCode(
            () -> {
              try {
                CronExpression.parse(text);
              } catch (CronSyntaxException e) {
                assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(200);
              }
            })
        .doesNotThrowAnyException();
  }

  /** Rules 1-3 by brute force over (start, end]. */
  static List<Instant> oracle(Schedule schedule, Instant start, Instant end) {
    ZoneId zone = schedule.zone();
    TreeSet<Instant> fires = new TreeSet<>();
    for (CronExpression e : schedule.expressions()) {
      long step = secondsAlwaysZero(e) ? 60 : 1;
      if (e.followsElapsedTime()) {
        Instant t = start.truncatedTo(ChronoUnit.MINUTES);
        for (; !t.isAfter(end); t = t.plusSeconds(step)) {
          if (t.isAfter(start) && e.matches(LocalDateTime.ofInstant(t, zone))) {
            fires.add(t);
          }
        }
      } else {
        LocalDateTime w =
            LocalDateTime.ofInstant(start, zone).minusDays(1).truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime last = LocalDateTime.ofInstant(end, zone).plusDays(1);
        for (; w.isBefore(last); w = w.plusSeconds(step)) {
          if (e.matches(w)) {
            Instant t = ZonedDateTime.ofLocal(w, zone, null).toInstant();
            if (t.isAfter(start) && !t.isAfter(end)) {
              fires.add(t);
            }
          }
        }
      }
    }
    return new ArrayList<>(fires);
  }

  private static boolean secondsAlwaysZero(CronExpression e) {
    return e.dialect() == CronDialect.UNIX || e.text().split("[ \t]+")[0].equals("0");
  }

  @Provide
  Arbitrary<Long> offsetsIntoWindow() {
    return Arbitraries.longs().between(0, WINDOW.getSeconds());
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.randomValue(ScheduleProperties::randomCase);
  }

  static Case randomCase(Random r) {
    ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
    List<String> expressions = new ArrayList<>();
    for (int i = 0, n = r.nextInt(4) == 0 ? 2 : 1; i < n; i++) {
      expressions.add(r.nextBoolean() ? unix(r) : quartz(r));
    }
    Instant around =
        Instant.parse("2024-01-01T00:00:00Z")
            .plusSeconds((long) (r.nextDouble() * 8 * 365 * 86400));
    ZoneOffsetTransition transition = zone.getRules().nextTransition(around);
    Instant start =
        transition == null || r.nextInt(8) == 0
            ? around
            : transition.getInstant().minusSeconds(r.nextInt(36 * 3600));
    if (r.nextBoolean()) {
      start = start.truncatedTo(ChronoUnit.MINUTES);
    }
    return new Case(expressions, zone, start);
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private static String unix(Random r) {
    return String.join(
        " ",
        pick(r, "0", "30", "*/15", "0,45", "*/7", "5-10", "15", "59"),
        pick(r, "*", "*/1", "0-23", "*/2", "1", "2", "0-3", "1,2,3", "23", "0", "3", "22-23"),
        pick(r, "*", "*", "*/2", "1,15", "5-25", "4-10"),
        pick(r, "*", "*", "3,4,9,10", "*/2"),
        pick(r, "*", "*", "0", "1-5", "SUN", "6,7", "*/3"));
  }

  private static String quartz(Random r) {
    boolean byWeek = r.nextBoolean();
    return String.join(
        " ",
        pick(r, "0", "0", "0", "*/20", "30", "15,45"),
        pick(r, "0", "30", "*/15", "0/20", "45", "10-12"),
        pick(r, "*", "0/1", "*/2", "2", "1", "0", "23", "1-3", "22-2", "0,1,2"),
        byWeek ? "?" : pick(r, "*", "L", "LW", "1W", "15W", "L-1", "1,L", "*/2", "28-3"),
        pick(r, "*", "*", "MAR-APR,SEP-NOV", "*/2"),
        byWeek ? pick(r, "*", "1", "1L", "1#1", "SUN#2", "MON-FRI", "L", "SAT-MON") : "?");
  }

  @Provide
  Arbitrary<String> junk() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "*",
            "?",
            "L",
            "W",
            "#",
            "/",
            "-",
            ",",
            " ",
            "\t",
            "0",
            "1",
            "7",
            "59",
            "60",
            "99999999999999999999",
            "JAN",
            "mon",
            "@daily",
            "@",
            "LW",
            "L-",
            "5W",
            "6#3",
            "*/",
            "/0",
            "é",
            "\u0000",
            "\n",
            "𝟘",
            "٣",
            "JANU");
    Arbitrary<String> structured = tokens.list().ofMaxSize(20).map(l -> String.join("", l));
    return Arbitraries.oneOf(
        structured,
        Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings().withChars("0123456789*/-,?LW# ").ofMaxLength(40));
  }
}
