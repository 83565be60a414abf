package dev.cronstone.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code api.rateLimit}: what happens to an address that keeps failing authentication. After {@code
 * slowAfter} failures within {@code window}, each further {@code 401} is answered {@code delay}
 * late; after {@code failures} within {@code window}, every API request from the address is refused
 * ({@code 429 rate_limited}) for {@code blockFor}. Requests with a good token never count.
 */
public record RateLimitConfig(
    int failures, Duration window, Duration blockFor, int slowAfter, Duration delay) {
  public static final int DEFAULT_FAILURES = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_BLOCK_FOR = Duration.ofMinutes(5);
  public static final int DEFAULT_SLOW_AFTER = 3;
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

  public RateLimitConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(blockFor, "blockFor");
    Objects.requireNonNull(delay, "delay");
    if (failures < 1 || slowAfter < 0) {
      throw new IllegalArgumentException("failures must be >= 1 and slowAfter >= 0");
    }
  }

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(
        DEFAULT_FAILURES, DEFAULT_WINDOW, DEFAULT_BLOCK_FOR, DEFAULT_SLOW_AFTER, DEFAULT_DELAY);
  }
}
