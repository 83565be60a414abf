package dev.cronstone.schedule;

import java.util.BitSet;

/**
 * The item grammar both dialects share: {@code *}, values and names, ranges {@code a-b} and steps
 * {@code /n}. Quartz additionally reads {@code N/n} (from N to the field's maximum), {@code /n} (as
 * {@code *}{@code /n}) and wrap-around ranges ({@code 22-2}, {@code FRI-MON}), exactly as Quartz
 * 2.5.2's parser does. The Unix dialect follows cronie, which rejects {@code N/n} (checked in
 * cronie's entry.c {@code get_range}: a single number must be followed by ',', '-' or a blank;
 * cronie's man page was corrected in 2025 for the same reason) and reversed ranges.
 */
final class ItemParser {
  private final Field field;
  private final int min;
  private final int max;
  private final boolean quartz;

  private ItemParser(Field field, int min, int max, boolean quartz) {
    this.field = field;
    this.min = min;
    this.max = max;
    this.quartz = quartz;
  }

  static ItemParser unix(Field field) {
    return new ItemParser(field, field == Field.DAY_OF_WEEK ? 0 : field.min, field.max, false);
  }

  static ItemParser quartz(Field field) {
    return new ItemParser(field, field.min, field.max, true);
  }

  /** A value as written: its number and whether it was spelled as a name. */
  record Value(int number, boolean name, String text) {}

  void parse(ItemReader r, BitSet out) throws CronSyntaxException {
    if (r.accept('*')) {
      int step = r.accept('/') ? step(r, true) : 1;
      r.expectEnd();
      fill(out, min, max, step);
      return;
    }
    if (quartz && r.accept('/')) {
      int step = step(r, true);
      r.expectEnd();
      fill(out, min, max, step);
      return;
    }
    Value start = value(r);
    if (r.accept('-')) {
      Value end = value(r);
      int step = r.accept('/') ? step(r, false) : 1;
      r.expectEnd();
      range(out, start, end, step, r.item());
      return;
    }
    if (r.accept('/')) {
      if (!quartz) {
        throw Syntax.error(
            field.label
                + " item "
                + Syntax.quote(r.item())
                + ": the Unix dialect needs a range or '*' before a step, as in "
                + start.number()
                + "-"
                + max
                + "/n or */n");
      }
      int step = step(r, true);
      r.expectEnd();
      fill(out, start.number(), max, step);
      return;
    }
    r.expectEnd();
    out.set(start.number());
  }

  Value value(ItemReader r) throws CronSyntaxException {
    if (r.peekDigit()) {
      String digits = r.digits();
      return new Value(number(digits), false, digits);
    }
    if (r.peekLetter()) {
      String name = r.letters();
      int number = Names.lookup(name, field, quartz ? 1 : 0);
      if (number < 0) {
        throw unknownName(r, name);
      }
      return new Value(number, true, name);
    }
    throw r.unexpected();
  }

  int number(String digits) throws CronSyntaxException {
    int value = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (value < min || value > max) {
      throw Syntax.error(
          field.label + " value " + shortNumber(digits) + " out of range " + min + "-" + max);
    }
    return value;
  }

  /** A step after '/': at least 1; after '*' or a single value Quartz also caps it. */
  int step(ItemReader r, boolean capped) throws CronSyntaxException {
    if (!r.peekDigit()) {
      if (r.atEnd()) {
        throw Syntax.error(
            field.label + " item " + Syntax.quote(r.item()) + " needs a number after '/'");
      }
      throw r.unexpected();
    }
    String digits = r.digits();
    if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
      throw Syntax.error(field.label + " step " + shortNumber(digits) + " is too large");
    }
    int step = Integer.parseInt(digits);
    if (step == 0) {
      throw Syntax.error(field.label + " step must be at least 1, got 0");
    }
    int cap = quartzStepCap();
    if (quartz && capped && step > cap) {
      throw Syntax.error(field.label + " step " + step + " out of range 1-" + cap);
    }
    return step;
  }

  /** Quartz's checkIncrementRange: the largest step after '*' or a single value. */
  private int quartzStepCap() {
    switch (field) {
      case SECOND:
      case MINUTE:
        return 59;
      case HOUR:
        return 23;
      case DAY_OF_MONTH:
        return 31;
      case MONTH:
        return 12;
      case DAY_OF_WEEK:
        return 7;
      default:
        return Integer.MAX_VALUE;
    }
  }

  private void range(BitSet out, Value start, Value end, int step, String item)
      throws CronSyntaxException {
    if (quartz && start.name() != end.name()) {
      throw Syntax.error(
          field.label
              + " range "
              + Syntax.quote(item)
              + " mixes a name and a number; Quartz needs both names or both numbers");
    }
    if (start.number() <= end.number()) {
      fill(out, start.number(), end.number(), step);
      return;
    }
    if (!quartz || field == Field.YEAR) {
      throw Syntax.error(
          field.label + " range " + Syntax.quote(item) + " is reversed (start after end)");
    }
    // Quartz wraps around: 22-2 in hours is 22,23,0,1,2; a step continues across the wrap.
    int span = max - min + 1;
    for (long i = start.number(); i <= end.number() + span; i += step) {
      out.set((int) ((i - min) % span) + min);
    }
  }

  private static void fill(BitSet out, int from, int to, int step) {
    for (long i = from; i <= to; i += step) {
      out.set((int) i);
    }
  }

  private CronSyntaxException unknownName(ItemReader r, String name) {
    String special = name.length() <= 2 ? r.special(name.charAt(0)) : null;
    if (special != null) {
      return Syntax.error(special);
    }
    if (field == Field.MONTH) {
      return Syntax.error("unknown month name " + Syntax.quote(name));
    }
    if (field == Field.DAY_OF_WEEK) {
      return Syntax.error("unknown day-of-week name " + Syntax.quote(name));
    }
    return Syntax.error(
        "unexpected "
            + Syntax.quote(name)
            + " in "
            + field.label
            + " item "
            + Syntax.quote(r.item())
            + " (names are only allowed for months and days of the week)");
  }

  static String shortNumber(String digits) {
    return digits.length() <= 12 ? digits : digits.substring(0, 12) + "...";
  }
}
