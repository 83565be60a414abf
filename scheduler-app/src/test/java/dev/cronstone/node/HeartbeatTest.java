package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
  private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
  private static final Duration EVERY = Duration.ofSeconds(1);
  private static final Duration STALE = Duration.ofSeconds(3);

  @Test
  void an_on_time_check_in_uses_the_configured_threshold() {
    assertThat(Heartbeat.abandonThreshold(T0, T0.plusSeconds(1), EVERY, STALE)).isEqualTo(STALE);
    assertThat(Heartbeat.abandonThreshold(T0, T0.plusMillis(400), EVERY, STALE)).isEqualTo(STALE);
  }

  @Test
  void the_first_check_in_after_an_outage_waits_as_long_as_it_was_late() {
    // The database was unreachable for ten seconds: nobody could heartbeat, so nobody is stale yet.
    assertThat(Heartbeat.abandonThreshold(T0, T0.plusSeconds(11), EVERY, STALE))
        .isEqualTo(Duration.ofSeconds(13));
    // One beat later the window is the normal one again: owners that are alive have checked in.
    assertThat(Heartbeat.abandonThreshold(T0.plusSeconds(11), T0.plusSeconds(12), EVERY, STALE))
        .isEqualTo(STALE);
  }

  @Test
  void after_a_gap_in_its_own_check_ins_a_node_abandons_nobody_until_stale_after_has_passed() {
    // Back from an outage at T0 + 11 s: a peer slower to reconnect must not be judged by its
    // pre-outage heartbeat at the next beat (a CI run saw false recoveries after a store crash).
    Instant back = T0.plusSeconds(11);
    Duration gap = Duration.ofSeconds(6);
    assertThat(Heartbeat.sweepDue(back, gap, back, STALE)).isFalse();
    assertThat(Heartbeat.sweepDue(back, gap, back.plus(STALE), STALE)).isFalse();
    assertThat(Heartbeat.sweepDue(back, gap, back.plus(gap).plus(STALE), STALE)).isTrue();
    assertThat(Heartbeat.sweepDue(null, Duration.ZERO, T0, STALE)).as("no gap yet").isTrue();
  }

  @Test
  void dead_nodes_are_forgotten_at_the_first_beat_then_once_an_hour() {
    assertThat(Heartbeat.forgetDue(null, T0)).isTrue();
    assertThat(Heartbeat.forgetDue(T0, T0.plusSeconds(1))).isFalse();
    assertThat(Heartbeat.forgetDue(T0, T0.plus(Duration.ofMinutes(59)))).isFalse();
    assertThat(Heartbeat.forgetDue(T0, T0.plus(Duration.ofHours(1)))).isTrue();
  }
}
