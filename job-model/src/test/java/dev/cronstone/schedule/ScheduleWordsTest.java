package dev.cronstone.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleWordsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "30 2 * * *          | at 02:30 every day",
        "*/5 * * * *         | every 5 minutes",
        "* * * * *           | every minute",
        "0 * * * *           | every hour",
        "15 * * * *          | every hour at :15",
        "0 */6 * * *         | every 6 hours at :00",
        "0 9,17 * * *        | at 09:00 and 17:00 every day",
        "0 9 * * 1-5         | at 09:00 on weekdays",
        "0 9 * * MON-FRI     | at 09:00 on weekdays",
        "0 10 * * 6,0        | at 10:00 on weekends",
        "0 8 * * 1           | at 08:00 on Mondays",
        "0 8 * * 7           | at 08:00 on Sundays",
        "0 8 * * mon,wed,fri | at 08:00 on Mondays, Wednesdays and Fridays",
        "0 6 1,15 * MON      | at 06:00 on days 1 and 15 of the month or on Mondays",
        "0 0 1 * *           | at 00:00 on day 1 of the month",
        "0 0 1 1 *           | at 00:00 on day 1 of the month in January",
        "0 12 * 3,SEP *      | at 12:00 every day in March and September",
        "@daily              | at 00:00 every day",
        "@HOURLY             | every hour",
        "@weekly             | at 00:00 on Sundays",
        "*/10 * * * * ?      | every 10 seconds",
        "* * * * * ?         | every second",
        "0 30 2 * * ?        | at 02:30 every day",
        "0 0 8 ? * 2-6       | at 08:00 on weekdays",
        "0 0 8 ? * 1         | at 08:00 on Sundays",
        "0 0 0 L * ?         | at 00:00 on the last day of the month",
        "0 15 10 ? * MON *   | at 10:15 on Mondays",
      })
  void common_shapes_are_phrased(String expression, String words) {
    assertThat(ScheduleWords.describe(expression.trim())).isEqualTo(words);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*/7 * * * *",
        "0 9-17 * * *",
        "0 0 */2 * 1",
        "0 0 1-7 * *",
        "0 15 10 ? * 6#3",
        "0 0 12 1W * ?",
        "0 0 12 * * ? 2030",
        "30 */5 * * * ?",
        "0 0 */5 * *"
      })
  void anything_else_falls_back_to_the_expression(String expression) {
    assertThat(ScheduleWords.describe(expression.trim())).isEqualTo("cron " + expression.trim());
  }

  @Test
  void several_expressions_are_joined_and_none_is_manual() {
    assertThat(ScheduleWords.describe(List.of("0 9 * * 1-5", "0 12 * * 6,0")))
        .isEqualTo("at 09:00 on weekdays; at 12:00 on weekends");
    assertThat(ScheduleWords.describe(List.of())).isEqualTo("manual only");
  }
}
