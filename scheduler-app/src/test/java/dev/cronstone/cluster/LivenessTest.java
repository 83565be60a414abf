package dev.cronstone.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final Instant SEEN = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void a_node_is_alive_until_its_interval_plus_seven_and_a_half_seconds_after_it_was_seen() {
    Duration interval = Duration.ofSeconds(2);
    assertThat(Liveness.aliveUntil(SEEN, interval, Duration.ZERO)).isEqualTo(SEEN.plusMillis(9500));
    assertThat(Liveness.isAlive(SEEN, interval, SEEN.plusMillis(9500))).isTrue();
    assertThat(Liveness.isAlive(SEEN, interval, SEEN.plusMillis(9501))).isFalse();
  }

  @Test
  void an_observer_that_was_paused_itself_widens_the_window_as_quartz_does() {
    Duration interval = Duration.ofSeconds(2);
    Duration observerLag = Duration.ofSeconds(30);
    assertThat(Liveness.aliveUntil(SEEN, interval, observerLag)).isEqualTo(SEEN.plusMillis(37_500));
    assertThat(Liveness.isAlive(SEEN, interval, observerLag, SEEN.plusSeconds(20))).isTrue();
  }
}
