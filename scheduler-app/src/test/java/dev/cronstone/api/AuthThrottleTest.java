package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.RateLimitConfig;
import dev.cronstone.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
  private final AuthThrottle throttle =
      new AuthThrottle("test-node", RateLimitConfig.defaults(), clock);

  @Test
  void failures_are_answered_late_after_three_and_refused_for_five_minutes_at_ten() {
    for (int i = 1; i <= 3; i++) {
      assertThat(throttle.failed("10.0.0.1")).as("failure %d", i).isZero();
    }
    for (int i = 4; i <= 9; i++) {
      assertThat(throttle.failed("10.0.0.1")).as("failure %d", i).isEqualTo(Duration.ofSeconds(1));
      assertThat(throttle.refusal("10.0.0.1")).isEmpty();
    }
    throttle.failed("10.0.0.1");

    assertThat(throttle.refusal("10.0.0.1")).contains(Duration.ofMinutes(5));
    assertThat(throttle.refusal("10.0.0.2")).as("another address").isEmpty();
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(throttle.refusal("10.0.0.1")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.refusal("10.0.0.1")).isEmpty();
    assertThat(throttle.failed("10.0.0.1")).as("counting starts again").isZero();
  }

  @Test
  void failures_older_than_the_window_do_not_count() {
    for (int i = 0; i < 30; i++) {
      throttle.failed("10.0.0.1");
      clock.advance(Duration.ofSeconds(7)); // 9 failures a minute: never 10 within one
    }
    assertThat(throttle.refusal("10.0.0.1")).isEmpty();
  }

  @Test
  void the_addresses_remembered_are_bounded() {
    for (int i = 0; i < AuthThrottle.MAX_ADDRESSES + 500; i++) {
      throttle.failed("10.0." + (i / 256) + "." + (i % 256));
      if (i % 1000 == 0) {
        clock.advance(Duration.ofMinutes(2));
      }
    }
    assertThat(throttle.tracked()).isLessThanOrEqualTo(AuthThrottle.MAX_ADDRESSES);
  }
}
