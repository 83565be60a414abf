package dev.cronstone.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** One entry of {@code expectStatus}: an exact status code (100-599) or a class ("2xx"). */
public record StatusPattern(int value, boolean wholeClass) {
  private static final Pattern CLASS = Pattern.compile("[1-5]xx");
  private static final Pattern CODE = Pattern.compile("[1-5][0-9][0-9]");

  public StatusPattern {
    if (wholeClass ? value < 1 || value > 5 : value < 100 || value > 599) {
      throw new IllegalArgumentException("not a status " + (wholeClass ? "class" : "code"));
    }
  }

  public static StatusPattern ofCode(int code) {
    return new StatusPattern(code, false);
  }

  public static StatusPattern ofClass(int hundreds) {
    return new StatusPattern(hundreds, true);
  }

  /** "2xx" or "204"; empty for anything else. */
  public static Optional<StatusPattern> parse(String text) {
    if (CLASS.matcher(text).matches()) {
      return Optional.of(ofClass(text.charAt(0) - '0'));
    }
    if (CODE.matcher(text).matches()) {
      return Optional.of(ofCode(Integer.parseInt(text)));
    }
    return Optional.empty();
  }

  public boolean matches(int status) {
    return wholeClass ? status / 100 == value : status == value;
  }

  @Override
  public String toString() {
    return wholeClass ? value + "xx" : Integer.toString(value);
  }
}
