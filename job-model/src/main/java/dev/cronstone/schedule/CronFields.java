package dev.cronstone.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.Optional;

/**
 * The parsed fields of one expression, in either dialect, and the search for matching wall times.
 * Times are whole seconds; years are limited to {@link Field#YEAR}'s range.
 */
final class CronFields {
  private static final long ALL_HOURS = (1L << 24) - 1;

  private final long seconds;
  private final long minutes;
  private final long hours;
  private final DayRule days;
  private final long months;
  private final BitSet years;

  /** Bit masks: seconds and minutes 0-59, hours 0-23, months 1-12; years indexed by the year. */
  CronFields(long seconds, long minutes, long hours, DayRule days, long months, BitSet years) {
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.days = days;
    this.months = months;
    this.years = (BitSet) years.clone();
  }

  static BitSet allYears() {
    BitSet all = new BitSet();
    all.set(Field.YEAR.min, Field.YEAR.max + 1);
    return all;
  }

  static long mask(BitSet bits) {
    long[] words = bits.toLongArray();
    return words.length == 0 ? 0 : words[0];
  }

  boolean allHours() {
    return hours == ALL_HOURS;
  }

  boolean matches(LocalDateTime t) {
    return has(seconds, t.getSecond())
        && has(minutes, t.getMinute())
        && has(hours, t.getHour())
        && has(months, t.getMonthValue())
        && inYears(t.getYear())
        && days.matches(t.toLocalDate());
  }

  /** The first matching wall time in [from, toExclusive); {@code from} is a whole second. */
  Optional<LocalDateTime> nextMatch(LocalDateTime from, LocalDateTime toExclusive) {
    LocalDate date = from.toLocalDate();
    LocalTime time = from.toLocalTime();
    LocalDate lastDate = toExclusive.toLocalDate();
    while (!date.isAfter(lastDate)) {
      int year = Math.max(date.getYear(), Field.YEAR.min);
      if (year > Field.YEAR.max) {
        return Optional.empty();
      }
      if (year != date.getYear() || !years.get(year)) {
        int next = years.nextSetBit(year);
        if (next < 0 || next > Field.YEAR.max) {
          return Optional.empty();
        }
        date = LocalDate.of(next, 1, 1);
        time = LocalTime.MIDNIGHT;
        continue;
      }
      int month = date.getMonthValue();
      if (!has(months, month)) {
        int next = nextBit(months, month + 1);
        date = next < 0 ? LocalDate.of(year + 1, 1, 1) : LocalDate.of(year, next, 1);
        time = LocalTime.MIDNIGHT;
        continue;
      }
      if (days.matches(date)) {
        Optional<LocalTime> at = firstTimeFrom(time);
        if (at.isPresent()) {
          LocalDateTime found = date.atTime(at.get());
          return found.isBefore(toExclusive) ? Optional.of(found) : Optional.empty();
        }
      }
      date = date.plusDays(1);
      time = LocalTime.MIDNIGHT;
    }
    return Optional.empty();
  }

  private Optional<LocalTime> firstTimeFrom(LocalTime from) {
    for (int h = nextBit(hours, from.getHour()); h >= 0; h = nextBit(hours, h + 1)) {
      boolean sameHour = h == from.getHour();
      for (int m = nextBit(minutes, sameHour ? from.getMinute() : 0);
          m >= 0;
          m = nextBit(minutes, m + 1)) {
        boolean sameMinute = sameHour && m == from.getMinute();
        int s = nextBit(seconds, sameMinute ? from.getSecond() : 0);
        if (s >= 0) {
          return Optional.of(LocalTime.of(h, m, s));
        }
      }
    }
    return Optional.empty();
  }

  private boolean inYears(int year) {
    return year >= Field.YEAR.min && year <= Field.YEAR.max && years.get(year);
  }

  private static boolean has(long mask, int bit) {
    return (mask >>> bit & 1) != 0;
  }

  private static int nextBit(long mask, int from) {
    if (from >= 64) {
      return -1;
    }
    long rest = mask & (-1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }
}
