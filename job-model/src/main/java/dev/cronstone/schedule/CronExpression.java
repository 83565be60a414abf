package dev.cronstone.schedule;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One parsed cron expression in either dialect of docs/schedules.md: 5 fields (or a macro) is Unix
 * cron as cronie reads it, 6 or 7 fields is Quartz. Immutable.
 */
public final class CronExpression {
  private final String text;
  private final CronDialect dialect;
  private final CronFields fields;

  private CronExpression(String text, CronDialect dialect, CronFields fields) {
    this.text = text;
    this.dialect = dialect;
    this.fields = fields;
  }

  /**
   * Parses {@code text}; fields are separated by spaces or tabs.
   *
   * @throws CronSyntaxException with a short message saying what is wrong and where
   */
  public static CronExpression parse(String text) throws CronSyntaxException {
    if (text == null) {
      throw Syntax.error("cron expression is missing");
    }
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw Syntax.error("cron expression is empty");
    }
    if (trimmed.length() > Syntax.MAX_LENGTH) {
      throw Syntax.error(
          "cron expression is too long ("
              + trimmed.length()
              + " characters, at most "
              + Syntax.MAX_LENGTH
              + ")");
    }
    String[] tokens = trimmed.split("[ \t]+");
    if (tokens[0].startsWith("@")) {
      return macro(trimmed, tokens);
    }
    switch (tokens.length) {
      case 5:
        return new CronExpression(trimmed, CronDialect.UNIX, UnixParser.parse(tokens));
      case 6:
      case 7:
        return new CronExpression(trimmed, CronDialect.QUARTZ, QuartzParser.parse(tokens));
      default:
        throw Syntax.error("expected 5 fields (Unix) or 6-7 (Quartz), got " + tokens.length);
    }
  }

  private static CronExpression macro(String trimmed, String[] tokens) throws CronSyntaxException {
    if (tokens.length > 1) {
      throw Syntax.error(
          "a macro such as " + Syntax.quote(tokens[0]) + " must be the whole expression");
    }
    String fields =
        Macros.expand(tokens[0])
            .orElseThrow(() -> Syntax.error("unknown macro " + Syntax.quote(tokens[0])));
    return new CronExpression(trimmed, CronDialect.UNIX, UnixParser.parse(fields.split(" ")));
  }

  /** The expression as written, trimmed. */
  public String text() {
    return text;
  }

  public CronDialect dialect() {
    return dialect;
  }

  /** Rule 1 of section 2.1: the hour field matches all 24 hours. */
  public boolean followsElapsedTime() {
    return fields.allHours();
  }

  /**
   * Whether this wall time matches every field (no zone involved; fractions of a second ignored).
   */
  public boolean matches(LocalDateTime wallTime) {
    return fields.matches(Objects.requireNonNull(wallTime, "wallTime"));
  }

  CronFields fields() {
    return fields;
  }

  /** Equal when the text is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof CronExpression && ((CronExpression) other).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
