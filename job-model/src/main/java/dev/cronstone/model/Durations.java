package dev.cronstone.model;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 durations as specs write them: {@code PT30S}, {@code PT1H30M}, {@code P1D}; also weeks
 * ({@code P2W}). Months and years have no fixed length and are refused.
 */
final class Durations {
  /** The longest duration any field accepts. */
  static final Duration MAX = Duration.ofDays(3650);

  private Durations() {}

  /** What a field accepts at the low end. */
  enum Lower {
    ZERO_ALLOWED,
    POSITIVE
  }

  /** The duration, or the problem with it. */
  record Result(Optional<Duration> value, Optional<String> problem) {
    static Result ok(Duration value) {
      return new Result(Optional.of(value), Optional.empty());
    }

    static Result bad(String problem) {
      return new Result(Optional.empty(), Optional.of(problem));
    }
  }

  static Result parse(String text, Lower lower) {
    Optional<Duration> parsed = iso(text);
    if (parsed.isEmpty()) {
      return Result.bad(
          Texts.quote(text)
              + " is not an ISO-8601 duration such as PT30S, PT5M, PT1H30M or P1D"
              + (monthsOrYears(text) ? " (months and years have no fixed length: use days)" : ""));
    }
    Duration d = parsed.get();
    if (d.isNegative()) {
      return Result.bad(
          (lower == Lower.POSITIVE ? "must be positive" : "must not be negative")
              + ", got "
              + Texts.quote(text));
    }
    if (d.isZero() && lower == Lower.POSITIVE) {
      return Result.bad("must be positive, got " + Texts.quote(text));
    }
    if (d.compareTo(MAX) > 0) {
      return Result.bad("must be at most P" + MAX.toDays() + "D, got " + Texts.quote(text));
    }
    return Result.ok(d);
  }

  /**
   * The canonical text: whole days as {@code P30D}, anything else as {@link Duration#toString()}.
   */
  static String format(Duration d) {
    boolean wholeDays = d.getNano() == 0 && d.getSeconds() > 0 && d.getSeconds() % 86_400 == 0;
    return wholeDays ? "P" + d.toDays() + "D" : d.toString();
  }

  private static Optional<Duration> iso(String text) {
    if (text.length() > 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      return weeksOrDays(text);
    }
  }

  private static Optional<Duration> weeksOrDays(String text) {
    try {
      Period period = Period.parse(text);
      if (period.getYears() != 0 || period.getMonths() != 0) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofDays(period.getDays()));
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static boolean monthsOrYears(String text) {
    try {
      Period period = Period.parse(text);
      return period.getYears() != 0 || period.getMonths() != 0;
    } catch (DateTimeParseException | ArithmeticException e) {
      return false;
    }
  }
}
