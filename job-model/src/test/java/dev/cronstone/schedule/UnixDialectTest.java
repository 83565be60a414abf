package dev.cronstone.schedule;

import static dev.cronstone.schedule.Fires.cron;
import static dev.cronstone.schedule.Fires.upcoming;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The 5-field dialect as cronie reads it; all in UTC so only the fields are under test. */
class UnixDialectTest {
  private static final String UTC = "UTC";

  @Test
  void five_fields_are_the_unix_dialect_with_seconds_zero() {
    CronExpression daily = cron("  30 2 * * *  ");
    assertThat(daily.dialect()).isEqualTo(CronDialect.UNIX);
    assertThat(daily.text()).isEqualTo("30 2 * * *");
    assertThat(daily.matches(LocalDateTime.parse("2026-05-05T02:30:00"))).isTrue();
    assertThat(daily.matches(LocalDateTime.parse("2026-05-05T02:30:01"))).isFalse();
  }

  @Test
  void names_are_case_insensitive_and_work_in_ranges() {
    // 2026-01-01 is a Thursday.
    assertThat(upcoming(UTC, "0 9 * jan-Feb Mon-fri", "2026-01-01T09:00Z", 3))
        .containsExactly("2026-01-02T09:00Z", "2026-01-05T09:00Z", "2026-01-06T09:00Z");
    assertThat(upcoming(UTC, "0 9 1 JUL *", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-07-01T09:00Z");
  }

  @Test
  void ranges_lists_and_steps_combine() {
    assertThat(upcoming(UTC, "5,10-20/5,50-59/20 3 * * *", "2026-01-01T00:00Z", 5))
        .containsExactly(
            "2026-01-01T03:05Z",
            "2026-01-01T03:10Z",
            "2026-01-01T03:15Z",
            "2026-01-01T03:20Z",
            "2026-01-01T03:50Z");
    assertThat(upcoming(UTC, "0 */7 * * *", "2026-01-01T00:00Z", 4))
        .containsExactly(
            "2026-01-01T07:00Z", "2026-01-01T14:00Z", "2026-01-01T21:00Z", "2026-01-02T00:00Z");
  }

  @Test
  void day_of_week_zero_and_seven_are_both_sunday() {
    // 2026-03-01 is a Sunday.
    assertThat(upcoming(UTC, "0 0 * * 7", "2026-02-27T00:00Z", 2))
        .containsExactly("2026-03-01T00:00Z", "2026-03-08T00:00Z");
    assertThat(upcoming(UTC, "0 0 * * 0", "2026-02-27T00:00Z", 1))
        .containsExactly("2026-03-01T00:00Z");
    assertThat(upcoming(UTC, "0 0 * * 5-7", "2026-02-26T00:00Z", 4))
        .containsExactly(
            "2026-02-27T00:00Z", "2026-02-28T00:00Z", "2026-03-01T00:00Z", "2026-03-06T00:00Z");
    assertThat(upcoming(UTC, "0 0 * * sun", "2026-02-27T00:00Z", 1))
        .containsExactly("2026-03-01T00:00Z");
  }

  @Test
  void both_day_fields_restricted_match_either() {
    // 2026-06-01 Monday; the 1st, the 15th and every Monday.
    assertThat(upcoming(UTC, "0 0 1,15 * 1", "2026-05-31T00:00Z", 5))
        .containsExactly(
            "2026-06-01T00:00Z",
            "2026-06-08T00:00Z",
            "2026-06-15T00:00Z",
            "2026-06-22T00:00Z",
            "2026-06-29T00:00Z");
    assertThat(upcoming(UTC, "30 4 1,15 * 5", "2026-05-01T04:30Z", 3))
        .containsExactly("2026-05-08T04:30Z", "2026-05-15T04:30Z", "2026-05-22T04:30Z");
  }

  @Test
  void a_day_field_starting_with_a_star_is_unrestricted_so_both_must_match() {
    // Odd days of the month that are Mondays: 2026-06-01, 06-15, 06-29, then 07-13, 07-27.
    assertThat(upcoming(UTC, "0 0 */2 * 1", "2026-05-31T00:00Z", 5))
        .containsExactly(
            "2026-06-01T00:00Z",
            "2026-06-15T00:00Z",
            "2026-06-29T00:00Z",
            "2026-07-13T00:00Z",
            "2026-07-27T00:00Z");
    // Day-of-week '*' leaves day-of-month alone.
    assertThat(upcoming(UTC, "0 0 13 * *", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-01-13T00:00Z");
  }

  @Test
  void leap_day_fires_every_four_years() {
    assertThat(upcoming(UTC, "0 0 29 2 *", "2026-01-01T00:00Z", 2))
        .containsExactly("2028-02-29T00:00Z", "2032-02-29T00:00Z");
  }

  @Test
  void macros_stand_for_their_five_fields() {
    String from = "2026-01-01T00:30Z"; // a Thursday
    assertThat(upcoming(UTC, "@yearly", from, 1)).containsExactly("2027-01-01T00:00Z");
    assertThat(upcoming(UTC, "@annually", from, 1)).containsExactly("2027-01-01T00:00Z");
    assertThat(upcoming(UTC, "@monthly", from, 1)).containsExactly("2026-02-01T00:00Z");
    assertThat(upcoming(UTC, "@weekly", from, 1)).containsExactly("2026-01-04T00:00Z");
    assertThat(upcoming(UTC, "@daily", from, 1)).containsExactly("2026-01-02T00:00Z");
    assertThat(upcoming(UTC, "@midnight", from, 1)).containsExactly("2026-01-02T00:00Z");
    assertThat(upcoming(UTC, "@hourly", from, 1)).containsExactly("2026-01-01T01:00Z");
    assertThat(cron("@daily").dialect()).isEqualTo(CronDialect.UNIX);
    assertThat(cron("@daily").text()).isEqualTo("@daily");
  }

  @Test
  void hour_field_matching_all_hours_follows_elapsed_time() {
    assertThat(cron("0 * * * *").followsElapsedTime()).isTrue();
    assertThat(cron("0 */1 * * *").followsElapsedTime()).isTrue();
    assertThat(cron("0 0-23 * * *").followsElapsedTime()).isTrue();
    assertThat(cron("0 0-11,12-23 * * *").followsElapsedTime()).isTrue();
    assertThat(cron("@hourly").followsElapsedTime()).isTrue();
    assertThat(cron("0 */2 * * *").followsElapsedTime()).isFalse();
    assertThat(cron("0 1-5 * * *").followsElapsedTime()).isFalse();
    assertThat(cron("@daily").followsElapsedTime()).isFalse();
  }
}
