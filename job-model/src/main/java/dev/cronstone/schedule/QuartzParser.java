package dev.cronstone.schedule;

import java.util.BitSet;
import java.util.Optional;

/**
 * The Quartz dialect: {@code second minute hour day-of-month month day-of-week [year]}, accepting
 * what Quartz 2.5.2's {@code CronExpression} parser accepts, minus the inputs it silently misreads
 * (listed in {@code package-info.java}).
 */
final class QuartzParser {
  private QuartzParser() {}

  static CronFields parse(String[] fields) throws CronSyntaxException {
    long seconds = CronFields.mask(plain(fields[0], Field.SECOND));
    long minutes = CronFields.mask(plain(fields[1], Field.MINUTE));
    long hours = CronFields.mask(plain(fields[2], Field.HOUR));
    Optional<DayRule> dayOfMonth = QuartzDays.dayOfMonth(fields[3]);
    long months = CronFields.mask(plain(fields[4], Field.MONTH));
    Optional<DayRule> dayOfWeek = QuartzDays.dayOfWeek(fields[5], dayOfMonth.isEmpty());
    if (dayOfMonth.isPresent() && dayOfWeek.isPresent()) {
      throw Syntax.error(
          "the Quartz dialect needs '?' in either day-of-month or day-of-week,"
              + " as in '0 0 12 ? * MON' or '0 0 12 1 * ?'");
    }
    BitSet years = fields.length == 7 ? plain(fields[6], Field.YEAR) : CronFields.allYears();
    DayRule days = dayOfMonth.isPresent() ? dayOfMonth.get() : dayOfWeek.orElseThrow();
    return new CronFields(seconds, minutes, hours, days, months, years);
  }

  static BitSet plain(String text, Field field) throws CronSyntaxException {
    BitSet bits = new BitSet();
    for (String item : Syntax.items(text, field)) {
      ItemParser.quartz(field).parse(new ItemReader(item, field, true), bits);
    }
    return bits;
  }
}
