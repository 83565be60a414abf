package dev.cronstone.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/** Parses Quartz's two day fields; an empty result is '?'. */
final class QuartzDays {
  private static final int MAX_LAST_OFFSET = 30;

  private QuartzDays() {}

  static Optional<DayRule> dayOfMonth(String text) throws CronSyntaxException {
    if (text.equals("?")) {
      return Optional.empty();
    }
    ItemParser parser = ItemParser.quartz(Field.DAY_OF_MONTH);
    BitSet days = new BitSet();
    long nearest = 0;
    long last = 0;
    long lastNearest = 0;
    for (String item : Syntax.items(text, Field.DAY_OF_MONTH)) {
      ItemReader r = new ItemReader(item, Field.DAY_OF_MONTH, true);
      if (r.accept('L')) {
        int offset = r.accept('-') ? lastOffset(r) : 0;
        boolean weekday = r.accept('W');
        r.expectEnd();
        if (weekday) {
          lastNearest |= 1L << offset;
        } else {
          last |= 1L << offset;
        }
      } else if (item.matches("[0-9]+W")) {
        nearest |= 1L << parser.value(r).number();
      } else {
        parser.parse(r, days);
      }
    }
    return Optional.of(new QuartzDayOfMonth(CronFields.mask(days), nearest, last, lastNearest));
  }

  private static int lastOffset(ItemReader r) throws CronSyntaxException {
    String digits = r.digits();
    if (digits.isEmpty()) {
      throw Syntax.error(
          "day-of-month item "
              + Syntax.quote(r.item())
              + " needs a number of days after 'L-', as in L-3");
    }
    if (digits.length() > 2 || Integer.parseInt(digits) > MAX_LAST_OFFSET) {
      throw Syntax.error(
          "day-of-month offset L-"
              + ItemParser.shortNumber(digits)
              + " out of range L-0 to L-"
              + MAX_LAST_OFFSET);
    }
    return Integer.parseInt(digits);
  }

  static Optional<DayRule> dayOfWeek(String text, boolean dayOfMonthIsQuestion)
      throws CronSyntaxException {
    if (text.equals("?")) {
      if (dayOfMonthIsQuestion) {
        throw Syntax.error("'?' is allowed in only one of day-of-month and day-of-week");
      }
      return Optional.empty();
    }
    String upper = Syntax.upperAscii(text);
    if (upper.contains(",") && upper.contains("L")) {
      throw Syntax.error("'L' in the day-of-week field cannot be combined with other days");
    }
    if (upper.contains(",") && upper.contains("#")) {
      throw Syntax.error("'#' in the day-of-week field cannot be combined with other days");
    }
    if (upper.equals("L")) {
      return Optional.of(new QuartzDayOfWeek(1L << 7, 0, 0, 0)); // Quartz: 'L' alone is Saturday
    }
    List<String> items = Syntax.items(text, Field.DAY_OF_WEEK);
    ItemParser parser = ItemParser.quartz(Field.DAY_OF_WEEK);
    if (items.size() == 1) {
      Optional<DayRule> special = lastOrNth(items.get(0), parser);
      if (special.isPresent()) {
        return special;
      }
    }
    BitSet days = new BitSet();
    for (String item : items) {
      parser.parse(new ItemReader(item, Field.DAY_OF_WEEK, true), days);
    }
    return Optional.of(new QuartzDayOfWeek(CronFields.mask(days), 0, 0, 0));
  }

  /** {@code nL} (last n-day of the month) and {@code n#k} (k-th n-day), n a number or a name. */
  private static Optional<DayRule> lastOrNth(String item, ItemParser parser)
      throws CronSyntaxException {
    if (item.matches("[A-Z]{3}L")) { // a name followed by L, as in FRIL
      String name = item.substring(0, 3);
      int day = parser.value(new ItemReader(name, Field.DAY_OF_WEEK, true)).number();
      return Optional.of(new QuartzDayOfWeek(0, day, 0, 0));
    }
    ItemReader r = new ItemReader(item, Field.DAY_OF_WEEK, true);
    if (!r.peekDigit() && !r.peekLetter()) {
      return Optional.empty();
    }
    int day = parser.value(r).number();
    if (r.accept('L')) {
      r.expectEnd();
      return Optional.of(new QuartzDayOfWeek(0, day, 0, 0));
    }
    if (r.accept('#')) {
      String digits = r.digits();
      int nth = digits.isEmpty() || digits.length() > 9 ? 0 : Integer.parseInt(digits);
      if (nth < 1 || nth > 5 || !r.atEnd()) {
        throw Syntax.error(
            "day-of-week item "
                + Syntax.quote(item)
                + ": '#' must be followed by a number 1-5, as in 6#3 (the third Friday)");
      }
      return Optional.of(new QuartzDayOfWeek(0, 0, day, nth));
    }
    return Optional.empty();
  }
}
