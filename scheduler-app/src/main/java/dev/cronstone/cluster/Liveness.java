package dev.cronstone.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a node counts as alive: Quartz's own failure rule ({@code
 * JobStoreSupport.calcFailedIfAfter}), so that Cronstone and Quartz agree on who is alive. A node
 * last seen at {@code lastSeen} that checks in every {@code interval} is alive at {@code now} while
 *
 * <pre>now &lt;= lastSeen + max(interval, observerLag) + 7.5 s</pre>
 *
 * where {@code observerLag} is how long ago the observer itself last checked in (Quartz's {@code
 * now - lastCheckin} of the checking node, so that a node that was paused does not declare its
 * peers dead for its own pause). An observer without a check-in loop (the CLI, a node that is
 * starting) passes {@link Duration#ZERO}: the window is then {@code interval + 7.5 s}.
 */
public final class Liveness {
  /** Quartz's fixed grace, {@code 7500L} in {@code JobStoreSupport.calcFailedIfAfter}. */
  public static final Duration GRACE = Duration.ofMillis(7500);

  private Liveness() {}

  /** The last instant at which a node last seen at {@code lastSeen} still counts as alive. */
  public static Instant aliveUntil(Instant lastSeen, Duration interval, Duration observerLag) {
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(observerLag, "observerLag");
    Duration window = interval.compareTo(observerLag) >= 0 ? interval : observerLag;
    return lastSeen.plus(window).plus(GRACE);
  }

  /**
   * Whether a node last seen at {@code lastSeen} is alive at {@code now}, for an observer without
   * lag.
   */
  public static boolean isAlive(Instant lastSeen, Duration interval, Instant now) {
    return isAlive(lastSeen, interval, Duration.ZERO, now);
  }

  public static boolean isAlive(
      Instant lastSeen, Duration interval, Duration observerLag, Instant now) {
    return !now.isAfter(aliveUntil(lastSeen, interval, observerLag));
  }
}
