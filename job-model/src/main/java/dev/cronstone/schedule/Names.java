package dev.cronstone.schedule;

import java.util.List;

/** Month and day-of-week names, three letters, case-insensitive in both dialects. */
final class Names {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private Names() {}

  /**
   * The number a name stands for in {@code field}: months 1-12; days of the week from {@code
   * sunday} (0 in the Unix dialect, 1 in Quartz); -1 for an unknown name.
   */
  static int lookup(String upperName, Field field, int sunday) {
    if (field == Field.MONTH) {
      int i = MONTHS.indexOf(upperName);
      return i < 0 ? -1 : i + 1;
    }
    if (field == Field.DAY_OF_WEEK) {
      int i = DAYS.indexOf(upperName);
      return i < 0 ? -1 : i + sunday;
    }
    return -1;
  }
}
