package dev.cronstone.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A schedule in plain words for people ("at 02:30 every day", "every 5 minutes", "at 06:00 on day 1
 * and 15 of the month or on Mondays"), for the API's job summaries and the console. Pure and
 * conservative: it phrases the common shapes and answers the expression itself (prefixed with
 * {@code cron }) for anything else, so it never says something the schedule does not do. It does
 * not validate: give it expressions that {@link CronExpression#parse} accepted.
 */
public final class ScheduleWords {
  private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
  private static final Pattern STEP = Pattern.compile("(?:\\*|0)/(\\d{1,2})");
  private static final Pattern LIST = Pattern.compile("\\d{1,2}(?:,\\d{1,2})+");
  private static final List<String> DAYS =
      List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday");
  private static final List<String> DAY_ABBREVIATIONS =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final List<String> MONTHS =
      List.of(
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December");
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "at 00:00 on 1 January",
          "@annually", "at 00:00 on 1 January",
          "@monthly", "at 00:00 on day 1 of the month",
          "@weekly", "at 00:00 on Sundays",
          "@daily", "at 00:00 every day",
          "@midnight", "at 00:00 every day",
          "@hourly", "every hour");

  private ScheduleWords() {}

  /**
   * The expressions of one schedule in words, joined with "; "; an empty list is a manual-only job
   * ({@code "manual only"}).
   */
  public static String describe(List<String> expressions) {
    if (expressions.isEmpty()) {
      return "manual only";
    }
    List<String> parts = new ArrayList<>();
    for (String expression : expressions) {
      parts.add(describe(expression));
    }
    return String.join("; ", parts);
  }

  /** One expression in words, or {@code "cron <expression>"} when it has no simple phrasing. */
  public static String describe(String expression) {
    String text = expression.trim().replaceAll("\\s+", " ");
    return phrase(text).orElse("cron " + text);
  }

  private static Optional<String> phrase(String text) {
    String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
    if (macro != null) {
      return Optional.of(macro);
    }
    String[] f = text.split(" ");
    if (f.length == 5) {
      return phrase("0", f[0], f[1], f[2], f[3], unixDays(f[4]));
    }
    if ((f.length == 6 || f.length == 7) && (f.length == 6 || f[6].equals("*"))) {
      return phrase(f[0], f[1], f[2], any(f[3]), f[4], quartzDays(any(f[5])));
    }
    return Optional.empty();
  }

  private static String any(String field) {
    return field.equals("?") ? "*" : field;
  }

  private static Optional<String> phrase(
      String second, String minute, String hour, String dom, String month, Optional<String> dow) {
    if (dow.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> days = days(dom, month, dow.get());
    Optional<String> time = time(second, minute, hour);
    if (days.isEmpty() || time.isEmpty()) {
      return Optional.empty();
    }
    if (days.get().isEmpty()) {
      boolean clock = time.get().startsWith("at ");
      return Optional.of(time.get() + (clock ? " every day" : ""));
    }
    return Optional.of(time.get() + " " + days.get());
  }

  /** The time of day part: "every 5 minutes", "at 02:30", "every hour at :15". */
  private static Optional<String> time(String second, String minute, String hour) {
    if (!second.equals("0")) {
      if (minute.equals("*") && hour.equals("*")) {
        if (second.equals("*")) {
          return Optional.of("every second");
        }
        var step = STEP.matcher(second);
        if (step.matches() && divides(step.group(1), 60)) {
          return Optional.of(every(step.group(1), "second"));
        }
      }
      return Optional.empty();
    }
    if (hour.equals("*")) {
      if (minute.equals("*")) {
        return Optional.of("every minute");
      }
      var step = STEP.matcher(minute);
      if (step.matches() && divides(step.group(1), 60)) {
        return Optional.of(every(step.group(1), "minute"));
      }
      if (NUMBER.matcher(minute).matches()) {
        return Optional.of(minute.equals("0") ? "every hour" : "every hour at :" + two(minute));
      }
      return Optional.empty();
    }
    if (!NUMBER.matcher(minute).matches()) {
      return Optional.empty();
    }
    var hourStep = STEP.matcher(hour);
    if (hourStep.matches() && divides(hourStep.group(1), 24)) {
      return Optional.of(every(hourStep.group(1), "hour") + " at :" + two(minute));
    }
    if (NUMBER.matcher(hour).matches() || LIST.matcher(hour).matches()) {
      List<String> times = new ArrayList<>();
      for (String h : hour.split(",")) {
        times.add(two(h) + ":" + two(minute));
      }
      return Optional.of("at " + join(times));
    }
    return Optional.empty();
  }

  /** The days part: "" (every day), "on Mondays", "on day 1 of the month", "in March". */
  private static Optional<String> days(String dom, String month, String dow) {
    Optional<String> monthWords = month(month);
    if (monthWords.isEmpty()) {
      return Optional.empty();
    }
    String in = monthWords.get();
    boolean anyDom = dom.equals("*");
    boolean anyDow = dow.equals("*");
    String days;
    if (anyDom && anyDow) {
      days = "";
    } else if (anyDom) {
      Optional<String> weekdays = weekdays(dow);
      if (weekdays.isEmpty()) {
        return Optional.empty();
      }
      days = weekdays.get();
    } else {
      Optional<String> monthDays = monthDays(dom);
      if (monthDays.isEmpty()) {
        return Optional.empty();
      }
      days = monthDays.get();
      if (!anyDow) {
        Optional<String> weekdays = weekdays(dow);
        if (weekdays.isEmpty()) {
          return Optional.empty();
        }
        days = days + " or " + weekdays.get();
      }
    }
    if (in.isEmpty()) {
      return Optional.of(days);
    }
    return Optional.of(days.isEmpty() ? "every day " + in : days + " " + in);
  }

  private static Optional<String> month(String month) {
    if (month.equals("*")) {
      return Optional.of("");
    }
    List<String> names = new ArrayList<>();
    for (String m : month.split(",")) {
      Optional<Integer> number = monthNumber(m);
      if (number.isEmpty()) {
        return Optional.empty();
      }
      names.add(MONTHS.get(number.get() - 1));
    }
    return Optional.of("in " + join(names));
  }

  private static Optional<Integer> monthNumber(String m) {
    if (NUMBER.matcher(m).matches()) {
      int n = Integer.parseInt(m);
      return n >= 1 && n <= 12 ? Optional.of(n) : Optional.empty();
    }
    for (int i = 0; i < MONTHS.size(); i++) {
      if (MONTHS.get(i).substring(0, 3).equalsIgnoreCase(m)) {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> monthDays(String dom) {
    if (dom.equals("L")) {
      return Optional.of("on the last day of the month");
    }
    if (!NUMBER.matcher(dom).matches() && !LIST.matcher(dom).matches()) {
      return Optional.empty();
    }
    List<String> days = List.of(dom.split(","));
    return Optional.of((days.size() == 1 ? "on day " : "on days ") + join(days) + " of the month");
  }

  /** Days of the week as 0-6 from Sunday, comma-joined, or a 1-5 range: "on weekdays". */
  private static Optional<String> weekdays(String dow) {
    if (dow.equals("1-5")) {
      return Optional.of("on weekdays");
    }
    if (dow.equals("0,6") || dow.equals("6,0")) {
      return Optional.of("on weekends");
    }
    List<String> names = new ArrayList<>();
    for (String d : dow.split(",")) {
      if (!d.matches("[0-6]")) {
        return Optional.empty();
      }
      names.add(DAYS.get(Integer.parseInt(d)) + "s");
    }
    return Optional.of("on " + join(names));
  }

  /** Unix day-of-week (0-7 from Sunday, names) as 0-6 from Sunday; empty when too complex. */
  private static Optional<String> unixDays(String dow) {
    return days(dow, 0);
  }

  /** Quartz day-of-week (1-7 from Sunday, names) as 0-6 from Sunday; empty when too complex. */
  private static Optional<String> quartzDays(String dow) {
    return days(dow, 1);
  }

  private static Optional<String> days(String dow, int sundayIs) {
    if (dow.equals("*")) {
      return Optional.of("*");
    }
    String upper = dow.toUpperCase(Locale.ROOT);
    if (upper.equals("MON-FRI") || upper.equals((1 + sundayIs) + "-" + (5 + sundayIs))) {
      return Optional.of("1-5");
    }
    List<String> out = new ArrayList<>();
    for (String d : upper.split(",")) {
      int index = DAY_ABBREVIATIONS.indexOf(d);
      if (index < 0) {
        if (!d.matches("\\d")) {
          return Optional.empty();
        }
        index = Integer.parseInt(d) - sundayIs;
        if (sundayIs == 0 && index == 7) {
          index = 0;
        }
        if (index < 0 || index > 6) {
          return Optional.empty();
        }
      }
      out.add(Integer.toString(index));
    }
    return Optional.of(String.join(",", out));
  }

  /** A step reads as "every N" only when it divides the field's range evenly (no short gap). */
  private static boolean divides(String step, int range) {
    int n = Integer.parseInt(step);
    return n > 0 && range % n == 0;
  }

  private static String every(String n, String unit) {
    return n.equals("1") ? "every " + unit : "every " + Integer.parseInt(n) + " " + unit + "s";
  }

  private static String two(String n) {
    return String.format(Locale.ROOT, "%02d", Integer.parseInt(n));
  }

  private static String join(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
