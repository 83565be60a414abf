package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.model.Misfire;
import dev.cronstone.model.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeriodMisfireTest {
  static ScheduleSpec spec(String cron, String zone, Misfire misfire, Duration window, int max) {
    return new ScheduleSpec(List.of(cron), ZoneId.of(zone), misfire, window, max);
  }

  static Optional<PeriodMisfire> judge(ScheduleSpec spec, String intended, String now) {
    return PeriodMisfire.judge(
        spec, spec.toSchedule(), Instant.parse(intended), Instant.parse(now));
  }

  @Test
  void a_fire_is_missed_from_the_second_its_following_fire_time_is_due() {
    ScheduleSpec everySecond =
        spec("* * * * * ?", "UTC", Misfire.FIRE_ONCE_NOW, Duration.ofHours(6), 10);

    assertThat(judge(everySecond, "2026-06-01T12:00:00Z", "2026-06-01T12:00:00.999Z")).isEmpty();
    assertThat(judge(everySecond, "2026-06-01T12:00:00Z", "2026-06-01T12:00:01Z"))
        .hasValueSatisfying(
            m -> {
              assertThat(m.verdict()).isEqualTo(PeriodMisfire.Verdict.SKIP);
              assertThat(m.following()).isEqualTo(Instant.parse("2026-06-01T12:00:01Z"));
              assertThat(m.judgedAt()).isEqualTo(Instant.parse("2026-06-01T12:00:01Z"));
              assertThat(m.latest()).isEqualTo(Instant.parse("2026-06-01T12:00:01Z"));
            });
  }

  @Test
  void the_period_is_the_schedules_own_in_instants_across_a_daylight_saving_change() {
    // 02:30 every day in Berlin: on 2026-03-29 02:30 does not exist and fires at 03:30 CEST
    // (01:30Z), 23 hours after the day before's 02:30 CET (01:30Z on 2026-03-28).
    ScheduleSpec daily = spec("30 2 * * *", "Europe/Berlin", Misfire.SKIP, Duration.ofHours(6), 10);

    assertThat(judge(daily, "2026-03-28T01:30:00Z", "2026-03-29T01:29:59Z")).isEmpty();
    assertThat(judge(daily, "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z"))
        .hasValueSatisfying(
            m -> assertThat(m.following()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z")));
  }

  @Test
  void a_schedule_with_no_following_fire_time_never_misses_by_period() {
    ScheduleSpec once = spec("0 0 12 1 6 ? 2026", "UTC", Misfire.SKIP, Duration.ofHours(6), 10);

    assertThat(judge(once, "2026-06-01T12:00:00Z", "2027-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void catch_up_replays_the_newest_max_catch_up_missed_fire_times_within_the_window() {
    ScheduleSpec minutely = spec("0 * * * * ?", "UTC", Misfire.CATCH_UP, Duration.ofMinutes(10), 3);
    String now = "2026-06-01T12:05:30Z"; // missed: every minute to 12:04; 12:05 is late in period

    assertThat(judge(minutely, "2026-06-01T11:55:00Z", now))
        .hasValueSatisfying(
            m -> {
              assertThat(m.reason()).contains("older than catchUpWindow PT10M");
              assertThat(m.latest())
                  .as("what runs in its place")
                  .isEqualTo(Instant.parse("2026-06-01T12:05:00Z"));
            });
    assertThat(judge(minutely, "2026-06-01T12:01:00Z", now))
        .hasValueSatisfying(m -> assertThat(m.reason()).contains("beyond maxCatchUp 3"));
    for (String intended :
        List.of("2026-06-01T12:02:00Z", "2026-06-01T12:03:00Z", "2026-06-01T12:04:00Z")) {
      assertThat(judge(minutely, intended, now))
          .as(intended)
          .hasValueSatisfying(
              m -> assertThat(m.verdict()).isEqualTo(PeriodMisfire.Verdict.CATCH_UP));
    }
    assertThat(judge(minutely, "2026-06-01T12:05:00Z", now)).isEmpty();
  }

  @Test
  void skip_and_fire_once_now_skip_every_fire_missed_by_its_period() {
    for (Misfire policy : List.of(Misfire.SKIP, Misfire.FIRE_ONCE_NOW)) {
      ScheduleSpec s = spec("*/10 * * * * ?", "UTC", policy, Duration.ofHours(6), 10);
      assertThat(judge(s, "2026-06-01T12:00:00Z", "2026-06-01T12:00:25Z"))
          .as(policy.toString())
          .hasValueSatisfying(
              m -> {
                assertThat(m.verdict()).isEqualTo(PeriodMisfire.Verdict.SKIP);
                assertThat(m.following()).isEqualTo(Instant.parse("2026-06-01T12:00:10Z"));
                assertThat(m.reason()).startsWith("fire time 2026-06-01T12:00:00Z was missed");
              });
    }
  }
}
