package dev.cronstone.schedule;

import static dev.cronstone.schedule.Fires.at;
import static dev.cronstone.schedule.Fires.schedule;
import static dev.cronstone.schedule.Fires.upcoming;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Rules 1-3 of docs/schedules.md "Daylight saving: the rules", with expectations worked out by
 * hand. Transition facts (from java.time's rules): New York 2026-03-08 02:00 EST -> 03:00 EDT and
 * 2026-11-01 02:00 EDT -> 01:00 EST; Berlin 2026-03-29 02:00 -> 03:00 and 2026-10-25 03:00 ->
 * 02:00; Lord Howe 2026-10-04 02:00 +10:30 -> 02:30 +11:00 and 2026-04-05 02:00 +11:00 -> 01:30
 * +10:30; Santiago 2026-09-06 00:00 -04:00 -> 01:00 -03:00 and 2026-04-05 00:00 -03:00 ->
 * 2026-04-04 23:00 -04:00; Chatham 2026-09-27 02:45 +12:45 -> 03:45 +13:45 and 2026-04-05 03:45
 * +13:45 -> 02:45 +12:45.
 */
class DaylightSavingTest {
  private static final String NEW_YORK = "America/New_York";

  @Nested
  class NewYork {
    @Test
    void skipped_wall_time_fires_once_shifted_by_the_gap() {
      assertThat(upcoming(NEW_YORK, "30 2 * * *", "2026-03-07T12:00-05:00", 2))
          .containsExactly("2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00");
    }

    @Test
    void shifted_fire_keeps_its_scheduled_wall_time_and_date() {
      FireTime fire = schedule(NEW_YORK, "30 2 * * *").next(at("2026-03-07T12:00-05:00")).get();
      assertThat(fire.scheduledWallTime()).isEqualTo(LocalDateTime.parse("2026-03-08T02:30"));
      assertThat(fire.fireDate()).isEqualTo(LocalDate.parse("2026-03-08"));
      assertThat(fire.shifted()).isTrue();
    }

    @Test
    void repeated_wall_time_fires_once_at_its_first_occurrence() {
      assertThat(upcoming(NEW_YORK, "30 1 * * *", "2026-10-31T12:00-04:00", 2))
          .containsExactly("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00");
    }

    @Test
    void every_quarter_hour_follows_elapsed_time_through_the_repeated_hour() {
      assertThat(upcoming(NEW_YORK, "*/15 * * * *", "2026-11-01T01:00-04:00", 8))
          .containsExactly(
              "2026-11-01T01:15-04:00",
              "2026-11-01T01:30-04:00",
              "2026-11-01T01:45-04:00",
              "2026-11-01T01:00-05:00",
              "2026-11-01T01:15-05:00",
              "2026-11-01T01:30-05:00",
              "2026-11-01T01:45-05:00",
              "2026-11-01T02:00-05:00");
    }

    @Test
    void every_quarter_hour_has_no_fires_in_the_skipped_hour() {
      assertThat(upcoming(NEW_YORK, "*/15 * * * *", "2026-03-08T01:30-05:00", 3))
          .containsExactly(
              "2026-03-08T01:45-05:00", "2026-03-08T03:00-04:00", "2026-03-08T03:15-04:00");
    }

    @Test
    void hourly_fires_both_one_oclocks_on_fall_day_and_skips_two_on_spring_day() {
      assertThat(upcoming(NEW_YORK, "0 * * * *", "2026-11-01T00:30-04:00", 3))
          .containsExactly(
              "2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00");
      assertThat(upcoming(NEW_YORK, "@hourly", "2026-03-08T00:30-05:00", 2))
          .containsExactly("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00");
    }

    @Test
    void every_second_hour_is_a_wall_time_schedule() {
      assertThat(upcoming(NEW_YORK, "0 */2 * * *", "2026-10-31T23:00-04:00", 3))
          .containsExactly(
              "2026-11-01T00:00-04:00", "2026-11-01T02:00-05:00", "2026-11-01T04:00-05:00");
      assertThat(upcoming(NEW_YORK, "0 */2 * * *", "2026-03-08T00:00-05:00", 2))
          .containsExactly("2026-03-08T03:00-04:00", "2026-03-08T04:00-04:00");
    }

    @Test
    void an_hour_range_fires_the_repeated_hour_once() {
      assertThat(upcoming(NEW_YORK, "0 1-3 * * *", "2026-11-01T00:00-04:00", 3))
          .containsExactly(
              "2026-11-01T01:00-04:00", "2026-11-01T02:00-05:00", "2026-11-01T03:00-05:00");
    }

    @Test
    void shifted_and_natural_fire_at_the_same_instant_fire_once() {
      Schedule both = schedule(NEW_YORK, "30 2 * * *", "30 3 * * *");
      assertThat(upcoming(both, "2026-03-07T12:00-05:00", 3))
          .containsExactly(
              "2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00", "2026-03-09T03:30-04:00");
      FireTime shared = both.next(at("2026-03-07T12:00-05:00")).get();
      assertThat(shared.shifted()).isFalse();
      assertThat(shared.scheduledWallTime()).isEqualTo(LocalDateTime.parse("2026-03-08T03:30"));
    }

    @Test
    void quartz_dialect_follows_the_same_rules() {
      assertThat(upcoming(NEW_YORK, "0 30 2 * * ?", "2026-03-07T12:00-05:00", 1))
          .containsExactly("2026-03-08T03:30-04:00");
      assertThat(upcoming(NEW_YORK, "0 30 1 ? * *", "2026-10-31T12:00-04:00", 2))
          .containsExactly("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00");
      assertThat(upcoming(NEW_YORK, "0 0/30 0/1 * * ?", "2026-11-01T01:30-04:00", 2))
          .containsExactly("2026-11-01T01:00-05:00", "2026-11-01T01:30-05:00");
    }
  }

  @Nested
  class NextIsExclusiveAndPure {
    @Test
    void from_inside_the_repeated_hour_a_wall_time_is_not_fired_again() {
      Schedule daily = schedule(NEW_YORK, "30 1 * * *");
      assertThat(iso(daily, "2026-11-01T01:10-05:00")).isEqualTo("2026-11-02T01:30-05:00");
      assertThat(iso(daily, "2026-11-01T01:30-04:00")).isEqualTo("2026-11-02T01:30-05:00");
      assertThat(iso(daily, "2026-11-01T01:29:59.999-04:00")).isEqualTo("2026-11-01T01:30-04:00");
    }

    @Test
    void from_the_first_half_hour_an_elapsed_time_schedule_reaches_the_second_one_oclock() {
      Schedule halfHourly = schedule(NEW_YORK, "*/30 * * * *");
      assertThat(iso(halfHourly, "2026-11-01T01:30-04:00")).isEqualTo("2026-11-01T01:00-05:00");
      assertThat(iso(halfHourly, "2026-11-01T01:00-05:00")).isEqualTo("2026-11-01T01:30-05:00");
    }

    @Test
    void from_inside_the_gap_shift_the_shifted_fire_is_still_ahead() {
      Schedule daily = schedule(NEW_YORK, "30 2 * * *");
      assertThat(iso(daily, "2026-03-08T03:10-04:00")).isEqualTo("2026-03-08T03:30-04:00");
      assertThat(iso(daily, "2026-03-08T03:30-04:00")).isEqualTo("2026-03-09T02:30-04:00");
    }

    private String iso(Schedule schedule, String after) {
      return Fires.iso(schedule.next(at(after)).get());
    }
  }

  @Test
  void berlin_shifts_the_skipped_half_past_two_and_fires_the_repeated_one_once() {
    assertThat(upcoming("Europe/Berlin", "30 2 * * *", "2026-03-28T12:00+01:00", 2))
        .containsExactly("2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00");
    assertThat(upcoming("Europe/Berlin", "30 2 * * *", "2026-10-24T12:00+02:00", 2))
        .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
  }

  @Test
  void lord_howe_shifts_by_its_half_hour_gap() {
    assertThat(upcoming("Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00+10:30", 2))
        .containsExactly("2026-10-04T02:45+11:00", "2026-10-05T02:15+11:00");
  }

  @Test
  void lord_howe_repeats_half_an_hour_on_fall_day() {
    assertThat(upcoming("Australia/Lord_Howe", "45 1 * * *", "2026-04-04T12:00+11:00", 2))
        .containsExactly("2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30");
    assertThat(upcoming("Australia/Lord_Howe", "*/15 * * * *", "2026-04-05T01:30+11:00", 4))
        .containsExactly(
            "2026-04-05T01:45+11:00",
            "2026-04-05T01:30+10:30",
            "2026-04-05T01:45+10:30",
            "2026-04-05T02:00+10:30");
  }

  @Test
  void santiago_midnight_in_the_gap_fires_at_one_and_belongs_to_that_day() {
    Schedule midnight = schedule("America/Santiago", "0 0 * * *");
    assertThat(upcoming(midnight, "2026-09-05T12:00-04:00", 2))
        .containsExactly("2026-09-06T01:00-03:00", "2026-09-07T00:00-03:00");
    assertThat(midnight.next(at("2026-09-05T12:00-04:00")).get().fireDate())
        .isEqualTo(LocalDate.parse("2026-09-06"));
    // 2026-09-06 is a Sunday: the shifted fire is a Sunday fire.
    assertThat(upcoming("America/Santiago", "0 0 * * 0", "2026-09-01T00:00-04:00", 2))
        .containsExactly("2026-09-06T01:00-03:00", "2026-09-13T00:00-03:00");
  }

  @Test
  void santiago_repeats_the_last_hour_of_the_day_before_fall_day() {
    assertThat(upcoming("America/Santiago", "30 23 * * *", "2026-04-04T12:00-03:00", 2))
        .containsExactly("2026-04-04T23:30-03:00", "2026-04-05T23:30-04:00");
    assertThat(upcoming("America/Santiago", "0 0 * * *", "2026-04-04T12:00-03:00", 1))
        .containsExactly("2026-04-05T00:00-04:00");
  }

  @Test
  void chatham_transitions_at_quarter_to_three() {
    assertThat(upcoming("Pacific/Chatham", "0 3 * * *", "2026-09-26T12:00+12:45", 2))
        .containsExactly("2026-09-27T04:00+13:45", "2026-09-28T03:00+13:45");
    assertThat(upcoming("Pacific/Chatham", "45 2 * * *", "2026-09-26T12:00+12:45", 1))
        .containsExactly("2026-09-27T03:45+13:45");
    assertThat(upcoming("Pacific/Chatham", "0 3 * * *", "2026-04-04T12:00+13:45", 2))
        .containsExactly("2026-04-05T03:00+13:45", "2026-04-06T03:00+12:45");
  }

  @Test
  void a_zone_without_daylight_saving_fires_every_day_at_the_same_wall_time() {
    assertThat(upcoming("Asia/Tokyo", "30 2 * * *", "2026-03-07T12:00+09:00", 3))
        .containsExactly(
            "2026-03-08T02:30+09:00", "2026-03-09T02:30+09:00", "2026-03-10T02:30+09:00");
    assertThat(upcoming("Asia/Kolkata", "0 30 * * * ?", "2026-11-01T00:00+05:30", 2))
        .containsExactly("2026-11-01T00:30+05:30", "2026-11-01T01:30+05:30");
  }
}
