package dev.cronstone.schedule;

import java.time.LocalDate;

/**
 * cronie's day rule: a day field is restricted unless its text begins with '*'. When both are
 * restricted a day matches if either matches; otherwise both sets must match (so {@code 0 0
 * *}{@code /2 * 1} is odd days that are Mondays).
 *
 * @param daysOfMonth bits 1-31
 * @param daysOfWeek bits 0-6, Sunday = 0
 */
record UnixDays(long daysOfMonth, long daysOfWeek, boolean domStar, boolean dowStar)
    implements DayRule {
  @Override
  public boolean matches(LocalDate date) {
    boolean dom = (daysOfMonth >>> date.getDayOfMonth() & 1) != 0;
    boolean dow = (daysOfWeek >>> (date.getDayOfWeek().getValue() % 7) & 1) != 0;
    return domStar || dowStar ? dom && dow : dom || dow;
  }
}
