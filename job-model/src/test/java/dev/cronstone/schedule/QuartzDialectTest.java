package dev.cronstone.schedule;

import static dev.cronstone.schedule.Fires.cron;
import static dev.cronstone.schedule.Fires.schedule;
import static dev.cronstone.schedule.Fires.upcoming;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 6/7-field dialect as Quartz documents it; all in UTC so only the fields are under test. */
class QuartzDialectTest {
  private static final String UTC = "UTC";

  @Test
  void six_or_seven_fields_are_the_quartz_dialect_with_seconds() {
    assertThat(cron("15 30 2 * * ?").dialect()).isEqualTo(CronDialect.QUARTZ);
    assertThat(cron("15 30 2 * * ? 2030").dialect()).isEqualTo(CronDialect.QUARTZ);
    assertThat(upcoming(UTC, "0/20 * * ? * *", "2026-01-01T00:00Z", 3))
        .containsExactly("2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01Z");
    assertThat(upcoming(UTC, "*/15 3-59/15 9 * * ?", "2026-01-01T00:00Z", 3))
        .containsExactly("2026-01-01T09:03Z", "2026-01-01T09:03:15Z", "2026-01-01T09:03:30Z");
  }

  @Test
  void day_of_week_counts_from_sunday_as_one() {
    // 2026-03-01 is a Sunday.
    assertThat(upcoming(UTC, "0 0 0 ? * 1", "2026-02-27T00:00Z", 1))
        .containsExactly("2026-03-01T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 ? * MON-FRI", "2026-02-27T00:00Z", 2))
        .containsExactly("2026-03-02T00:00Z", "2026-03-03T00:00Z");
  }

  @Test
  void ranges_may_wrap_around() {
    assertThat(upcoming(UTC, "0 0 0 ? * FRI-MON", "2026-02-25T00:00Z", 4))
        .containsExactly(
            "2026-02-27T00:00Z", "2026-02-28T00:00Z", "2026-03-01T00:00Z", "2026-03-02T00:00Z");
    assertThat(upcoming(UTC, "0 0 22-2 * * ?", "2026-01-01T12:00Z", 5))
        .containsExactly(
            "2026-01-01T22:00Z",
            "2026-01-01T23:00Z",
            "2026-01-02T00:00Z",
            "2026-01-02T01:00Z",
            "2026-01-02T02:00Z");
    assertThat(upcoming(UTC, "0 0 0 1 NOV-FEB ?", "2026-03-01T00:00Z", 4))
        .containsExactly(
            "2026-11-01T00:00Z", "2026-12-01T00:00Z", "2027-01-01T00:00Z", "2027-02-01T00:00Z");
  }

  @Test
  void last_day_of_month_and_offsets_from_it() {
    assertThat(upcoming(UTC, "0 0 0 L * ?", "2026-01-31T00:00Z", 3))
        .containsExactly("2026-02-28T00:00Z", "2026-03-31T00:00Z", "2026-04-30T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 L-3 * ?", "2026-01-31T00:00Z", 2))
        .containsExactly("2026-02-25T00:00Z", "2026-03-28T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 L * ?", "2028-02-01T00:00Z", 1))
        .containsExactly("2028-02-29T00:00Z");
  }

  @Test
  void last_weekday_of_month() {
    // 2026-05-31 is a Sunday, 2026-10-31 a Saturday: both move to Friday.
    assertThat(upcoming(UTC, "0 0 0 LW * ?", "2026-05-01T00:00Z", 1))
        .containsExactly("2026-05-29T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 LW 10 ?", "2026-05-01T00:00Z", 1))
        .containsExactly("2026-10-30T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 LW 6 ?", "2026-05-01T00:00Z", 1)) // 2026-06-30 Tuesday
        .containsExactly("2026-06-30T00:00Z");
  }

  @Test
  void nearest_weekday_never_leaves_the_month() {
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not Friday July 31.
    assertThat(upcoming(UTC, "0 0 12 1W 8 ?", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-08-03T12:00Z");
    // 2026-08-15 is a Saturday (Friday 14th), 2026-11-15 a Sunday (Monday 16th).
    assertThat(upcoming(UTC, "0 0 12 15W 8,11 ?", "2026-01-01T00:00Z", 2))
        .containsExactly("2026-08-14T12:00Z", "2026-11-16T12:00Z");
    // 2026-05-31 is a Sunday and the last day: Friday the 29th.
    assertThat(upcoming(UTC, "0 0 12 31W 5 ?", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-05-29T12:00Z");
    // A month without a 31st has no 31W fire: after May 2026 the next is July 31 (Friday).
    assertThat(upcoming(UTC, "0 0 12 31W * ?", "2026-05-30T00:00Z", 1))
        .containsExactly("2026-07-31T12:00Z");
  }

  @Test
  void nearest_weekday_fires_every_matching_time_of_its_day() {
    // 2026-11-15 is a Sunday; 15W is Monday the 16th, all day long.
    assertThat(upcoming(UTC, "0 0 * 15W 11 ?", "2026-11-16T05:30Z", 2))
        .containsExactly("2026-11-16T06:00Z", "2026-11-16T07:00Z");
  }

  @Test
  void last_and_nth_weekday_of_month() {
    // Last Friday: 2026-01-30 (the 31st is a Saturday), 2026-02-27.
    assertThat(upcoming(UTC, "0 0 0 ? * 6L", "2026-01-01T00:00Z", 2))
        .containsExactly("2026-01-30T00:00Z", "2026-02-27T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 ? * FRIL", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-01-30T00:00Z");
    // Third Friday: January 2, 9, 16; February 6, 13, 20.
    assertThat(upcoming(UTC, "0 0 0 ? * 6#3", "2026-01-01T00:00Z", 2))
        .containsExactly("2026-01-16T00:00Z", "2026-02-20T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 ? * FRI#3", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-01-16T00:00Z");
  }

  @Test
  void fifth_weekday_skips_months_without_one() {
    // Fifth Monday: none in Jan, Feb, Apr, May 2026; March 30 and June 29 have one.
    assertThat(upcoming(UTC, "0 0 12 ? * 2#5", "2026-01-01T00:00Z", 2))
        .containsExactly("2026-03-30T12:00Z", "2026-06-29T12:00Z");
  }

  @Test
  void day_of_week_l_alone_is_saturday() {
    assertThat(upcoming(UTC, "0 0 0 ? * L", "2026-02-27T00:00Z", 2))
        .containsExactly("2026-02-28T00:00Z", "2026-03-07T00:00Z");
  }

  @Test
  void question_mark_leaves_the_day_to_the_other_field() {
    assertThat(upcoming(UTC, "0 0 0 13 * ?", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-01-13T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 ? * *", "2026-01-01T00:00Z", 1))
        .containsExactly("2026-01-02T00:00Z");
  }

  @Test
  void years_field_limits_and_skips_years_quickly() {
    assertThat(upcoming(UTC, "0 0 0 1 1 ? 2150", "2026-01-01T00:00Z", 2))
        .containsExactly("2150-01-01T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 29 2 ? 2030-2040", "2026-01-01T00:00Z", 5))
        .containsExactly("2032-02-29T00:00Z", "2036-02-29T00:00Z", "2040-02-29T00:00Z");
    assertThat(upcoming(UTC, "0 0 0 1 1 ? 2190/5", "2026-01-01T00:00Z", 5))
        .containsExactly("2190-01-01T00:00Z", "2195-01-01T00:00Z");
  }

  @Test
  void names_with_a_step_apply_the_step_as_documented() {
    assertThat(upcoming(UTC, "0 0 0 1 JAN-JUN/2 ?", "2026-01-01T00:00Z", 4))
        .containsExactly(
            "2026-03-01T00:00Z", "2026-05-01T00:00Z", "2027-01-01T00:00Z", "2027-03-01T00:00Z");
  }

  @Test
  void lists_of_day_of_month_forms_fire_on_any_of_them() {
    assertThat(upcoming(UTC, "0 0 0 15,L * ?", "2026-02-01T00:00Z", 3))
        .containsExactly("2026-02-15T00:00Z", "2026-02-28T00:00Z", "2026-03-15T00:00Z");
  }

  @Test
  void an_expression_that_never_fires_returns_nothing() {
    Schedule never = schedule(UTC, "0 0 0 30 2 ?");
    assertThat(never.next(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    Schedule neverInNewYork = schedule("America/New_York", "0 0 0 ? 2 2#5 2027");
    assertThat(neverInNewYork.next(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
  }
}
