package dev.cronstone.schedule;

/** The fields of a cron expression, named as error messages name them. */
enum Field {
  SECOND("second", 0, 59),
  MINUTE("minute", 0, 59),
  HOUR("hour", 0, 23),
  DAY_OF_MONTH("day-of-month", 1, 31),
  MONTH("month", 1, 12),
  /** Quartz numbering 1-7 (SUN-SAT); the Unix dialect widens this to 0-7. */
  DAY_OF_WEEK("day-of-week", 1, 7),
  /** Years Cronstone computes fire times for, in both dialects. */
  YEAR("year", 1970, 2199);

  final String label;
  final int min;
  final int max;

  Field(String label, int min, int max) {
    this.label = label;
    this.min = min;
    this.max = max;
  }
}
