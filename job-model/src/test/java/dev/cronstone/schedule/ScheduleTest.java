package dev.cronstone.schedule;

import static dev.cronstone.schedule.Fires.at;
import static dev.cronstone.schedule.Fires.cron;
import static dev.cronstone.schedule.Fires.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Schedule API: exclusive bounds, limits, horizons, several expressions. */
class ScheduleTest {

  @Test
  void next_is_strictly_after_the_given_instant() {
    Schedule s = schedule("UTC", "0 12 * * *");
    assertThat(s.next(at("2026-01-01T12:00Z")).get().instant()).isEqualTo(at("2026-01-02T12:00Z"));
    assertThat(s.next(at("2026-01-01T11:59:59.999Z")).get().instant())
        .isEqualTo(at("2026-01-01T12:00Z"));
  }

  @Test
  void between_is_exclusive_inclusive_oldest_first_and_limited() {
    Schedule s = schedule("UTC", "0 * * * *");
    List<Instant> fires =
        s.between(at("2026-01-01T00:00Z"), at("2026-01-01T03:00Z"), 10).stream()
            .map(FireTime::instant)
            .collect(Collectors.toList());
    assertThat(fires)
        .containsExactly(at("2026-01-01T01:00Z"), at("2026-01-01T02:00Z"), at("2026-01-01T03:00Z"));
    assertThat(s.between(at("2026-01-01T00:00Z"), at("2026-01-01T03:00Z"), 2)).hasSize(2);
    assertThat(s.between(at("2026-01-01T03:00Z"), at("2026-01-01T00:00Z"), 5)).isEmpty();
    assertThat(s.upcoming(at("2026-01-01T00:00Z"), 0)).isEmpty();
  }

  @Test
  void expressions_of_one_schedule_merge_and_shared_instants_fire_once() {
    Schedule s = schedule("UTC", "0 9 * * *", "0 0 9 ? * MON", "*/30 9 * * *");
    assertThat(s.upcoming(at("2026-01-04T00:00Z"), 4).stream().map(Fires::iso))
        .containsExactly(
            "2026-01-04T09:00Z", "2026-01-04T09:30Z", "2026-01-05T09:00Z", "2026-01-05T09:30Z");
  }

  @Test
  void nothing_after_the_year_2199_is_returned() {
    Schedule s = schedule("Pacific/Chatham", "0 0 1 1 *");
    assertThat(s.next(at("2199-01-01T00:00+13:45")).map(Fires::iso)).isEmpty();
    assertThat(s.upcoming(at("2197-06-01T00:00Z"), 5).stream().map(Fires::iso))
        .containsExactly("2198-01-01T00:00+13:45", "2199-01-01T00:00+13:45");
    assertThat(s.next(Instant.MAX)).isEmpty();
    assertThat(s.next(Instant.MIN).map(Fires::iso)).contains("1970-01-01T00:00+12:45");
  }

  @Test
  void a_horizon_bounds_the_search_inclusively() {
    Schedule yearly = schedule("Europe/Berlin", "@yearly");
    assertThat(yearly.next(at("2026-06-01T00:00Z"), at("2026-12-31T22:59:59Z"))).isEmpty();
    assertThat(yearly.next(at("2026-06-01T00:00Z"), at("2026-12-31T23:00Z")))
        .map(FireTime::instant)
        .contains(at("2027-01-01T00:00+01:00"));
  }

  @Test
  void never_firing_expressions_return_empty_without_scanning_forever() {
    // A hang guard, not a benchmark: each of these answers in a few milliseconds.
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (String zone : List.of("UTC", "America/New_York", "Australia/Lord_Howe")) {
            assertThat(schedule(zone, "0 0 0 30 2 ?").next(at("2026-01-01T00:00Z"))).isEmpty();
            assertThat(schedule(zone, "0 0 31 2,4,6,9,11 *").next(at("2026-01-01T00:00Z")))
                .isEmpty();
            assertThat(schedule(zone, "0 0 0 ? 2 2#5 2027").next(at("2026-01-01T00:00Z")))
                .isEmpty();
            assertThat(schedule(zone, "0 0 0 1 1 ? 2199").next(at("2026-01-01T00:00Z")))
                .isPresent();
          }
        });
  }

  @Test
  void of_rejects_an_empty_list_and_copies_the_list() {
    assertThatThrownBy(() -> Schedule.of(List.of(), ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
    Schedule s = Schedule.of(List.of(cron("@daily")), ZoneId.of("UTC"));
    assertThat(s.expressions()).containsExactly(cron("@daily"));
    assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
  }
}
