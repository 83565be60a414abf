package dev.cronstone.schedule;

/** A cursor over one list item of a field (upper-cased), for the two dialect parsers. */
final class ItemReader {
  private final String item;
  private final Field field;
  private final boolean quartz;
  private int pos;

  ItemReader(String item, Field field, boolean quartz) {
    this.item = item;
    this.field = field;
    this.quartz = quartz;
  }

  String item() {
    return item;
  }

  Field field() {
    return field;
  }

  boolean atEnd() {
    return pos >= item.length();
  }

  boolean peekIs(char c) {
    return !atEnd() && item.charAt(pos) == c;
  }

  boolean peekDigit() {
    return !atEnd() && Syntax.isDigit(item.charAt(pos));
  }

  boolean peekLetter() {
    return !atEnd() && Syntax.isLetter(item.charAt(pos));
  }

  boolean accept(char c) {
    if (peekIs(c)) {
      pos++;
      return true;
    }
    return false;
  }

  String digits() {
    int start = pos;
    while (peekDigit()) {
      pos++;
    }
    return item.substring(start, pos);
  }

  String letters() {
    int start = pos;
    while (peekLetter()) {
      pos++;
    }
    return item.substring(start, pos);
  }

  void expectEnd() throws CronSyntaxException {
    if (!atEnd()) {
      throw unexpected();
    }
  }

  /** The error for the character under the cursor (or the end of the item). */
  CronSyntaxException unexpected() {
    if (atEnd()) {
      return Syntax.error(field.label + " item " + Syntax.quote(item) + " ends too early");
    }
    char c = item.charAt(pos);
    String special = special(c);
    if (special != null) {
      return Syntax.error(special);
    }
    return Syntax.error(
        "unexpected "
            + Syntax.quote(item.substring(pos, item.offsetByCodePoints(pos, 1)))
            + " in "
            + field.label
            + " item "
            + Syntax.quote(item));
  }

  /** Messages for the special characters of the Quartz dialect used where they are not allowed. */
  String special(char c) {
    if (c == '?') {
      boolean dayField = field == Field.DAY_OF_MONTH || field == Field.DAY_OF_WEEK;
      return quartz && dayField
          ? "'?' must be the whole " + field.label + " field"
          : "'?' is only allowed in the day-of-month or day-of-week field of the Quartz dialect";
    }
    if (c != 'L' && c != 'W' && c != '#') {
      return null;
    }
    if (!quartz) {
      return "'" + c + "' is only allowed in the Quartz dialect (6 or 7 fields)";
    }
    if (c == 'L' && field != Field.DAY_OF_MONTH && field != Field.DAY_OF_WEEK) {
      return "'L' is only allowed in the day-of-month and day-of-week fields";
    }
    if (c == 'W' && field != Field.DAY_OF_MONTH) {
      return "'W' is only allowed in the day-of-month field";
    }
    if (c == '#' && field != Field.DAY_OF_WEEK) {
      return "'#' is only allowed in the day-of-week field";
    }
    return null;
  }
}
