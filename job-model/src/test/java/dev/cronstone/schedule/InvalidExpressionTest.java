package dev.cronstone.schedule;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid expressions in both dialects, with the message a user sees. */
class InvalidExpressionTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        // shape
        bad(null, "cron expression is missing"),
        bad("", "cron expression is empty"),
        bad("   \t ", "cron expression is empty"),
        bad("* * * *", "expected 5 fields (Unix) or 6-7 (Quartz), got 4"),
        bad("0 0 0 1 1 ? 2030 x", "expected 5 fields (Unix) or 6-7 (Quartz), got 8"),
        bad("daily", "expected 5 fields (Unix) or 6-7 (Quartz), got 1"),
        bad("@reboot", "unknown macro '@reboot'"),
        bad("@fortnightly", "unknown macro '@fortnightly'"),
        bad("@daily 5", "must be the whole expression"),
        bad("0 ".repeat(200), "cron expression is too long (399 characters, at most 256)"),
        // Unix values and names
        bad("61 * * * *", "minute value 61 out of range 0-59"),
        bad("0 24 * * *", "hour value 24 out of range 0-23"),
        bad("0 0 0 * *", "day-of-month value 0 out of range 1-31"),
        bad("0 0 32 * *", "day-of-month value 32 out of range 1-31"),
        bad("0 0 * 13 *", "month value 13 out of range 1-12"),
        bad("0 0 * * 8", "day-of-week value 8 out of range 0-7"),
        bad("99999999999999999999 * * * *", "minute value 999999999999... out of range 0-59"),
        bad("* * * JANU *", "unknown month name 'JANU'"),
        bad("* * * * MONDAY", "unknown day-of-week name 'MONDAY'"),
        bad("* MON * * *", "names are only allowed for months and days of the week"),
        // Unix structure
        bad("5-2 * * * *", "minute range '5-2' is reversed"),
        bad("0 0 * * FRI-SUN", "day-of-week range 'FRI-SUN' is reversed"),
        bad("*/0 * * * *", "minute step must be at least 1, got 0"),
        bad("1-5/0 * * * *", "minute step must be at least 1, got 0"),
        bad("5/15 * * * *", "the Unix dialect needs a range or '*' before a step"),
        bad("*/ * * * *", "minute item '*/' needs a number after '/'"),
        bad("1,,2 * * * *", "minute field '1,,2' has an empty list item"),
        bad("1, * * * *", "has an empty list item"),
        bad("*5 * * * *", "unexpected '5' in minute item '*5'"),
        bad("1-2-3 * * * *", "unexpected '-' in minute item '1-2-3'"),
        bad(
            "0 0 ? * *",
            "'?' is only allowed in the day-of-month or day-of-week field of the"
                + " Quartz dialect"),
        bad("0 0 L * *", "'L' is only allowed in the Quartz dialect (6 or 7 fields)"),
        bad("0 0 15W * *", "'W' is only allowed in the Quartz dialect"),
        bad("0 0 * * 5#3", "'#' is only allowed in the Quartz dialect"),
        bad("0 0 * * 5L", "'L' is only allowed in the Quartz dialect"),
        bad("é * * * *", "unexpected 'U+00E9' in minute item"),
        bad("0\u00a00 * * * *", "unexpected 'U+00A0'"),
        // Quartz values and structure
        bad("60 0 0 ? * *", "second value 60 out of range 0-59"),
        bad("0 0 0 ? * 0", "day-of-week value 0 out of range 1-7"),
        bad("0 0 0 ? * 8", "day-of-week value 8 out of range 1-7"),
        bad("0 0 0 1 1 ? 1969", "year value 1969 out of range 1970-2199"),
        bad("0 0 0 1 1 ? 2200", "year value 2200 out of range 1970-2199"),
        bad("0 0 0 1 1 ? 2030-2020", "year range '2030-2020' is reversed"),
        bad("0 0 0 * * *", "the Quartz dialect needs '?' in either day-of-month or day-of-week"),
        bad("0 0 0 1 * 2", "the Quartz dialect needs '?' in either day-of-month or day-of-week"),
        bad("0 0 0 ? * ?", "'?' is allowed in only one of day-of-month and day-of-week"),
        bad("? 0 0 1 * ?", "'?' is only allowed in the day-of-month or day-of-week field"),
        bad("0 0 0 1,? * ?", "'?' must be the whole day-of-month field"),
        bad("0 0 0 ?X * *", "'?' must be the whole day-of-month field"),
        bad("*/60 0 0 ? * *", "second step 60 out of range 1-59"),
        bad("0 0 0/24 ? * *", "hour step 24 out of range 1-23"),
        bad("0 0 0 ? */13 *", "month step 13 out of range 1-12"),
        bad("0 0 0 ? * */8", "day-of-week step 8 out of range 1-7"),
        bad("0 0/0 0 ? * *", "minute step must be at least 1, got 0"),
        bad("0 0 0 ? * MON-5", "mixes a name and a number"),
        bad("L 0 0 ? * *", "'L' is only allowed in the day-of-month and day-of-week fields"),
        bad("0 0 0 1 L ?", "'L' is only allowed in the day-of-month and day-of-week fields"),
        bad("0 0 0 ? * 5W", "'W' is only allowed in the day-of-month field"),
        bad("0 0 0 1#2 * ?", "'#' is only allowed in the day-of-week field"),
        bad("0 0 0 L-31 * ?", "day-of-month offset L-31 out of range L-0 to L-30"),
        bad("0 0 0 L- * ?", "needs a number of days after 'L-'"),
        bad("0 0 0 32W * ?", "day-of-month value 32 out of range 1-31"),
        bad("0 0 0 0W * ?", "day-of-month value 0 out of range 1-31"),
        bad("0 0 0 1-15W * ?", "unexpected 'W' in day-of-month item '1-15W'"),
        bad("0 0 0 ? * 6#6", "'#' must be followed by a number 1-5"),
        bad("0 0 0 ? * 6#", "'#' must be followed by a number 1-5"),
        bad("0 0 0 ? * 8L", "day-of-week value 8 out of range 1-7"),
        bad("0 0 0 ? * 6L,2", "'L' in the day-of-week field cannot be combined with other days"),
        bad("0 0 0 ? * 6#3,2", "'#' in the day-of-week field cannot be combined with other days"),
        bad("0 0 0 ? JANUARY *", "unknown month name 'JANUARY'"),
        bad("0 0 0 5-0 * ?", "day-of-month value 0 out of range 1-31"),
        bad("0 0 0 ? * 1-5/99999999999", "day-of-week step 99999999999 is too large"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void is_rejected_with_a_clear_message(String expression, String message) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(CronSyntaxException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).hasSizeLessThan(160));
  }

  private static Arguments bad(String expression, String message) {
    return Arguments.of(expression, message);
  }
}
