package dev.cronstone.schedule;

import java.util.ArrayList;
import java.util.List;

/** Helpers for short, user-facing parse errors. */
final class Syntax {
  static final int MAX_LENGTH = 256;
  private static final int MAX_SHOWN = 40;

  private Syntax() {}

  static CronSyntaxException error(String message) {
    return new CronSyntaxException(message);
  }

  /** Quotes user text for a message: printable ASCII as is, anything else as U+XXXX, capped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      if (shown++ == MAX_SHOWN) {
        out.append("...");
        break;
      }
      int cp = text.codePointAt(i);
      if (cp >= 0x20 && cp < 0x7f) {
        out.append((char) cp);
      } else {
        out.append(String.format("U+%04X", cp));
      }
    }
    return out.append('\'').toString();
  }

  /** ASCII-only upper case, so that no letter outside A-Z can turn into one. */
  static String upperAscii(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
    }
    return out.toString();
  }

  /** The comma-separated items of a field, upper-cased; an empty item is an error. */
  static List<String> items(String text, Field field) throws CronSyntaxException {
    List<String> items = new ArrayList<>();
    for (String item : upperAscii(text).split(",", -1)) {
      if (item.isEmpty()) {
        throw error(field.label + " field " + quote(text) + " has an empty list item");
      }
      items.add(item);
    }
    return items;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
