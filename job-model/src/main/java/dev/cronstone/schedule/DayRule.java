package dev.cronstone.schedule;

import java.time.LocalDate;

/** Whether the day fields (day-of-month and day-of-week together) accept a date. */
interface DayRule {
  boolean matches(LocalDate date);
}
