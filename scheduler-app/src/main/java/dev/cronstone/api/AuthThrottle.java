package dev.cronstone.api;

import dev.cronstone.config.RateLimitConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications per remote address ({@code api.rateLimit}): past {@code slowAfter}
 * failures within the window a {@code 401} is answered late, at {@code failures} the address is
 * refused for {@code blockFor}. Successful requests are neither counted nor slowed. At most {@link
 * #MAX_ADDRESSES} addresses are remembered; the stalest unblocked ones are forgotten first.
 */
final class AuthThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
  static final int MAX_ADDRESSES = 10_000;

  private static final class Failures {
    final Deque<Instant> at = new ArrayDeque<>();
    Instant blockedUntil = Instant.MIN;
  }

  private final String nodeId;
  private final RateLimitConfig limits;
  private final Clock clock;
  private final Map<String, Failures> byAddress = new HashMap<>();

  AuthThrottle(String nodeId, RateLimitConfig limits, Clock clock) {
    this.nodeId = nodeId;
    this.limits = limits;
    this.clock = clock;
  }

  /** How long {@code address} is still refused, if it is. */
  synchronized Optional<Duration> refusal(String address) {
    Instant now = clock.instant();
    Failures f = byAddress.get(address);
    if (f == null || !now.isBefore(f.blockedUntil)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, f.blockedUntil));
  }

  /**
   * Counts a failed authentication from {@code address}.
   *
   * @return how late to answer it ({@link Duration#ZERO}: at once)
   */
  synchronized Duration failed(String address) {
    Instant now = clock.instant();
    if (!byAddress.containsKey(address) && byAddress.size() >= MAX_ADDRESSES) {
      forgetStale(now);
    }
    Failures f = byAddress.computeIfAbsent(address, a -> new Failures());
    Instant since = now.minus(limits.window());
    while (!f.at.isEmpty() && !f.at.peekFirst().isAfter(since)) {
      f.at.removeFirst();
    }
    f.at.addLast(now);
    if (f.at.size() >= limits.failures()) {
      f.blockedUntil = now.plus(limits.blockFor());
      f.at.clear();
      LOG.warn(
          "[{}] refusing API requests from {} for {}: {} failed authentications within {}",
          nodeId,
          address,
          limits.blockFor(),
          limits.failures(),
          limits.window());
      return Duration.ZERO;
    }
    return f.at.size() > limits.slowAfter() ? limits.delay() : Duration.ZERO;
  }

  private void forgetStale(Instant now) {
    Instant since = now.minus(limits.window());
    byAddress
        .values()
        .removeIf(
            f ->
                !now.isBefore(f.blockedUntil)
                    && (f.at.isEmpty() || !f.at.peekLast().isAfter(since)));
    Iterator<Failures> it = byAddress.values().iterator();
    while (byAddress.size() >= MAX_ADDRESSES && it.hasNext()) {
      if (!now.isBefore(it.next().blockedUntil)) {
        it.remove();
      }
    }
  }

  synchronized int tracked() {
    return byAddress.size();
  }
}
