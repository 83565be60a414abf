package dev.cronstone.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Quartz's day-of-month field (day-of-week is '?'), as Quartz documents it. A list may mix the
 * forms (Quartz's parser accepts that); a date matches when any item does.
 *
 * @param days plain days, bits 1-31 ({@code *} sets all)
 * @param nearest {@code nW}: the weekday nearest to day n, never leaving the month (bits 1-31); a
 *     month without day n has no such fire
 * @param last {@code L-k}: the k-th day before the last day (bit k, {@code L} is bit 0)
 * @param lastNearest {@code L-kW}: the weekday nearest to that day ({@code LW} is bit 0)
 */
record QuartzDayOfMonth(long days, long nearest, long last, long lastNearest) implements DayRule {
  @Override
  public boolean matches(LocalDate date) {
    int day = date.getDayOfMonth();
    int length = date.lengthOfMonth();
    if ((days >>> day & 1) != 0 || (last >>> (length - day) & 1) != 0) {
      return true;
    }
    for (long bits = nearest; bits != 0; bits &= bits - 1) {
      int n = Long.numberOfTrailingZeros(bits);
      if (n <= length && nearestWeekday(date, n, length) == day) {
        return true;
      }
    }
    for (long bits = lastNearest; bits != 0; bits &= bits - 1) {
      int n = length - Long.numberOfTrailingZeros(bits);
      if (n >= 1 && nearestWeekday(date, n, length) == day) {
        return true;
      }
    }
    return false;
  }

  /**
   * Day n itself on a weekday; a Saturday moves to Friday, a Sunday to Monday, within the month.
   */
  static int nearestWeekday(LocalDate inMonth, int n, int length) {
    DayOfWeek weekday = inMonth.withDayOfMonth(n).getDayOfWeek();
    if (weekday == DayOfWeek.SATURDAY) {
      return n == 1 ? 3 : n - 1;
    }
    if (weekday == DayOfWeek.SUNDAY) {
      return n == length ? n - 2 : n + 1;
    }
    return n;
  }
}
