package dev.cronstone.schedule;

/** The two cron dialects of docs/schedules.md, told apart by field count. */
public enum CronDialect {
  /** 5 fields (or a macro): minute hour day-of-month month day-of-week, as Vixie cron/cronie. */
  UNIX,
  /** 6 or 7 fields: seconds first, {@code ?}, {@code L}, {@code W}, {@code #}, optional year. */
  QUARTZ
}
