package dev.cronstone.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers that render values and places in problem messages. */
final class Texts {
  private static final int SHOWN = 60;

  private Texts() {}

  /** The text, cut to {@code max} characters with "..." when longer; line breaks shown as \\n. */
  static String clip(String text, int max) {
    String flat = text.replace("\r", "").replace("\n", "\\n");
    return flat.length() <= max ? flat : flat.substring(0, max) + "...";
  }

  /** A value quoted the way problems show it: {@code 'EST'}. */
  static String quote(String text) {
    return "'" + clip(text, SHOWN) + "'";
  }

  /** What a node is, for "expected X, got Y": {@code "two"}, {@code 3}, {@code a list}. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "\"" + clip(node.textValue(), SHOWN) + "\"";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return clip(node.toString(), SHOWN);
  }

  /** " (line 3, column 7)" when the location is known, "" otherwise. */
  static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** "1 problem", "3 problems". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
