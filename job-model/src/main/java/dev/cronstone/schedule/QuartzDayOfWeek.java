package dev.cronstone.schedule;

import java.time.LocalDate;

/**
 * Quartz's day-of-week field (day-of-month is '?'), numbered 1-7 from Sunday. Either a set of days,
 * or {@code nL} (the last such day of the month), or {@code n#k} (the k-th such day; a month
 * without one has no fire).
 *
 * @param days bits 1-7 when neither {@code lastOf} nor {@code nthOf} is set
 * @param lastOf the day of {@code nL}, or 0
 * @param nthOf the day of {@code n#k}, or 0
 * @param nth k of {@code n#k}, 1-5
 */
record QuartzDayOfWeek(long days, int lastOf, int nthOf, int nth) implements DayRule {
  @Override
  public boolean matches(LocalDate date) {
    int weekday = date.getDayOfWeek().getValue() % 7 + 1;
    int day = date.getDayOfMonth();
    if (lastOf != 0) {
      return weekday == lastOf && day + 7 > date.lengthOfMonth();
    }
    if (nthOf != 0) {
      return weekday == nthOf && (day - 1) / 7 + 1 == nth;
    }
    return (days >>> weekday & 1) != 0;
  }
}
