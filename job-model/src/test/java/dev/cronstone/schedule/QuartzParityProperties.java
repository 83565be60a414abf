package dev.cronstone.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Quartz 2.5.2's {@code org.quartz.CronExpression} as a reference (not as the expectation): for
 * random expressions built from the field grammars, we accept exactly what Quartz accepts, except
 * for the deliberate differences listed in {@link #deliberatelyStricter}; in UTC (no daylight
 * saving) our next fires equal Quartz's, except where Quartz's computation contradicts its own
 * documentation ({@link #quartzComputesWrongly}).
 */
class QuartzParityProperties {
  private static final int QUARTZ_MAX_YEAR = org.quartz.CronExpression.MAX_YEAR;

  @Property(tries = 1500)
  void accepts_exactly_what_quartz_accepts(@ForAll("quartzExpressions") String expression) {
    boolean quartz = org.quartz.CronExpression.isValidExpression(expression);
    boolean ours = parses(expression);
    if (quartz && !ours) {
      Assume.that(!deliberatelyStricter(expression));
    }
    if (ours && !quartz) {
      Assume.that(!yearStepBeyondQuartzMaxYear(expression));
    }
    assertThat(ours).as("we accept '%s'", expression).isEqualTo(quartz);
  }

  @Property(tries = 400)
  void fires_when_quartz_fires_in_utc(
      @ForAll("quartzExpressions") String expression, @ForAll("starts") Instant start)
      throws Exception {
    Assume.that(
        parses(expression)
            && org.quartz.CronExpression.isValidExpression(expression)
            && !quartzComputesWrongly(expression));
    org.quartz.CronExpression reference = new org.quartz.CronExpression(expression);
    reference.setTimeZone(TimeZone.getTimeZone("UTC"));
    Instant end = Instant.parse(QUARTZ_MAX_YEAR + "-01-01T00:00:00Z");
    List<Instant> expected = new ArrayList<>();
    Date after = Date.from(start);
    for (int i = 0; i < 20; i++) {
      Date next = reference.getNextValidTimeAfter(after);
      if (next == null || !next.toInstant().isBefore(end)) {
        break;
      }
      expected.add(next.toInstant());
      after = next;
    }
    List<Instant> ours = new ArrayList<>();
    Schedule schedule = Schedule.of(List.of(Fires.cron(expression)), java.time.ZoneOffset.UTC);
    for (FireTime fire : schedule.between(start, end.minusSeconds(1), expected.size())) {
      ours.add(fire.instant());
    }
    assertThat(ours).as("fires of '%s' after %s", expression, start).isEqualTo(expected);
  }

  /** Inputs Quartz accepts and we reject on purpose (documented in package-info.java). */
  static boolean deliberatelyStricter(String expression) {
    String[] f = expression.toUpperCase(java.util.Locale.ROOT).split(" ");
    return STEP_ZERO.matcher(String.join(" ", f)).find() // Quartz reads '/0' as no step at all
        || (f.length == 7 && YEAR_OUTSIDE.matcher(f[6]).find()) // we compute 1970-2199 only
        || ZERO_END.matcher(f[3] + " " + f[4] + " " + f[5]).find() // '5-0': Quartz wraps to 31
        || (f[5].contains("#") && f[5].contains(",")) // Quartz applies '#' to the smallest day
        || f[5].matches("(0|8|9)#.*") // Quartz does not range-check n of n#k
        || f[3].matches("(.*,)?0+W.*"); // Quartz takes '0W' as a day
  }

  /**
   * Quartz rejects a year step starting after its MAX_YEAR (this year + 100, so the verdict changes
   * with the calendar); we accept any start up to 2199.
   */
  static boolean yearStepBeyondQuartzMaxYear(String expression) {
    String[] f = expression.split(" ");
    if (f.length < 7) {
      return false;
    }
    java.util.regex.Matcher m = YEAR_STEP.matcher(f[6]);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) > QUARTZ_MAX_YEAR) {
        return true;
      }
    }
    return false;
  }

  /**
   * Quartz bugs seen with this generator: its nearest-weekday ('W') search skips a fire when the
   * search starts after the nominal day (e.g. 15W on Monday the 16th, searched from the 16th), and
   * it ignores a step after month or day names ({@code JAN-JUN/2} is JAN-JUN to Quartz).
   */
  static boolean quartzComputesWrongly(String expression) {
    String[] f = expression.toUpperCase(java.util.Locale.ROOT).split(" ");
    return f[3].contains("W") || NAME_STEP.matcher(f[4] + " " + f[5]).find();
  }

  private static final Pattern STEP_ZERO = Pattern.compile("/0+(\\D|$)");
  private static final Pattern YEAR_OUTSIDE = Pattern.compile("(^|\\D)(19[0-6]\\d|2[2-9]\\d\\d)");
  private static final Pattern ZERO_END = Pattern.compile("-0+(\\D|$)");
  private static final Pattern YEAR_STEP = Pattern.compile("(?:^|,)(\\d+)/");
  private static final Pattern NAME_STEP = Pattern.compile("[A-Z]{3}/");

  private static boolean parses(String expression) {
    try {
      CronExpression.parse(expression);
      return true;
    } catch (CronSyntaxException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<Instant> starts() {
    return Arbitraries.longs()
        .between(
            Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<String> quartzExpressions() {
    return Arbitraries.randomValue(QuartzParityProperties::expression);
  }

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  static String expression(Random r) {
    String dom;
    String dow;
    int days = r.nextInt(20);
    if (days < 9) {
      dom = "?";
      dow = dayOfWeek(r);
    } else if (days < 18) {
      dom = dayOfMonth(r);
      dow = "?";
    } else {
      dom = r.nextBoolean() ? "?" : dayOfMonth(r);
      dow = r.nextBoolean() ? "?" : dayOfWeek(r);
    }
    String expression =
        String.join(
            " ",
            list(r, 0, 59, null),
            list(r, 0, 59, null),
            list(r, 0, 23, null),
            dom,
            list(r, 1, 12, MONTHS),
            dow);
    if (r.nextBoolean()) {
      expression += " " + (r.nextInt(3) == 0 ? "*" : list(r, 1970, 2199, null));
    }
    return r.nextInt(8) == 0 ? expression.toLowerCase(java.util.Locale.ROOT) : expression;
  }

  private static String dayOfMonth(Random r) {
    if (r.nextInt(3) > 0) {
      return list(r, 1, 31, null);
    }
    List<String> items = new ArrayList<>();
    for (int i = 0, n = 1 + (r.nextInt(4) == 0 ? 1 : 0); i < n; i++) {
      switch (r.nextInt(5)) {
        case 0:
          items.add("L");
          break;
        case 1:
          items.add("L-" + r.nextInt(33));
          break;
        case 2:
          items.add("LW");
          break;
        case 3:
          items.add(r.nextInt(33) + "W");
          break;
        default:
          items.add(item(r, 1, 31, null));
      }
    }
    return String.join(",", items);
  }

  private static String dayOfWeek(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return "L";
      case 1:
        return (r.nextBoolean() ? String.valueOf(r.nextInt(9)) : DAYS[r.nextInt(7)]) + "L";
      case 2:
        return (r.nextBoolean() ? String.valueOf(r.nextInt(9)) : DAYS[r.nextInt(7)])
            + "#"
            + r.nextInt(7);
      default:
        return list(r, 1, 7, DAYS);
    }
  }

  private static String list(Random r, int min, int max, String[] names) {
    List<String> items = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3) / 2 + r.nextInt(4) / 3; i < n; i++) {
      items.add(item(r, min, max, names));
    }
    return String.join(",", items);
  }

  private static String item(Random r, int min, int max, String[] names) {
    switch (r.nextInt(9)) {
      case 0:
        return "*";
      case 1:
        return "*/" + step(r, min, max);
      case 2:
        return r.nextInt(4) == 0 ? "/" + step(r, min, max) : value(r, min, max);
      case 3:
        return value(r, min, max) + "-" + value(r, min, max);
      case 4:
        return value(r, min, max) + "-" + value(r, min, max) + "/" + step(r, min, max);
      case 5:
        return value(r, min, max) + "/" + step(r, min, max);
      case 6:
      case 7:
        if (names != null) {
          String name = names[r.nextInt(names.length)];
          return r.nextBoolean()
              ? name
              : name
                  + "-"
                  + names[r.nextInt(names.length)]
                  + (r.nextInt(4) == 0 ? "/" + step(r, min, max) : "");
        }
        return value(r, min, max);
      default:
        return value(r, min, max);
    }
  }

  private static String value(Random r, int min, int max) {
    int roll = r.nextInt(16);
    if (roll == 0) {
      return String.valueOf(min - 1);
    }
    if (roll == 1) {
      return String.valueOf(max + 1);
    }
    return String.valueOf(min + r.nextInt(max - min + 1));
  }

  private static String step(Random r, int min, int max) {
    int span = Math.min(max - min + 1, 64);
    return String.valueOf(r.nextInt(16) == 0 ? 0 : 1 + r.nextInt(span + 1));
  }
}
