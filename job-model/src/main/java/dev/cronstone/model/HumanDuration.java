package dev.cronstone.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Durations written for people, in messages and text output: {@code 250 ms}, {@code 3.0 s}, {@code
 * 2 min 5 s}, {@code 1 h 2 min}, {@code 2 d 3 h}. JSON fields keep ISO-8601 ({@code PT3S}).
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** {@code d} for people: two units at most, the smaller one left out when it is zero. */
  public static String of(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) {
      return "-" + of(d.negated());
    }
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = d.getSeconds();
    if (seconds < 3600) {
      return pair(seconds / 60, "min", seconds % 60, "s");
    }
    if (seconds < 86_400) {
      return pair(seconds / 3600, "h", seconds % 3600 / 60, "min");
    }
    return pair(seconds / 86_400, "d", seconds % 86_400 / 3600, "h");
  }

  private static String pair(long big, String bigUnit, long small, String smallUnit) {
    return small == 0 ? big + " " + bigUnit : big + " " + bigUnit + " " + small + " " + smallUnit;
  }
}
