package dev.cronstone.schedule;

import java.util.BitSet;

/** The Unix dialect: {@code minute hour day-of-month month day-of-week}, as Vixie cron/cronie. */
final class UnixParser {
  private UnixParser() {}

  static CronFields parse(String[] fields) throws CronSyntaxException {
    long minutes = field(fields[0], Field.MINUTE);
    long hours = field(fields[1], Field.HOUR);
    long daysOfMonth = field(fields[2], Field.DAY_OF_MONTH);
    long months = field(fields[3], Field.MONTH);
    long daysOfWeek = field(fields[4], Field.DAY_OF_WEEK);
    if ((daysOfWeek & 1L << 7) != 0) {
      daysOfWeek = (daysOfWeek | 1) & ~(1L << 7); // 7 is Sunday, as 0 is
    }
    DayRule days =
        new UnixDays(daysOfMonth, daysOfWeek, fields[2].startsWith("*"), fields[4].startsWith("*"));
    return new CronFields(1, minutes, hours, days, months, CronFields.allYears());
  }

  private static long field(String text, Field field) throws CronSyntaxException {
    ItemParser parser = ItemParser.unix(field);
    BitSet bits = new BitSet();
    for (String item : Syntax.items(text, field)) {
      parser.parse(new ItemReader(item, field, false), bits);
    }
    return CronFields.mask(bits);
  }
}
