package dev.cronstone.model;

import java.util.regex.Pattern;

/**
 * A field path as problems show it: {@code schedule.cron[1]}, {@code task.headers.Authorization};
 * the empty path is the top-level mapping, shown as {@code $}.
 */
record FieldPath(String value) {
  static final FieldPath ROOT = new FieldPath("");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  FieldPath child(String name) {
    String part = PLAIN_KEY.matcher(name).matches() ? name : quoted(name);
    if (value.isEmpty()) {
      return new FieldPath(part.startsWith("[") ? "$" + part : part);
    }
    return new FieldPath(part.startsWith("[") ? value + part : value + "." + part);
  }

  FieldPath index(int i) {
    return new FieldPath((value.isEmpty() ? "$" : value) + "[" + i + "]");
  }

  /** True for the top-level mapping. */
  boolean isRoot() {
    return value.isEmpty();
  }

  private static String quoted(String name) {
    String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
    return "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "$" : value;
  }
}
