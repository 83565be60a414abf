package dev.cronstone.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Clustering: whether this node shares the store with others, its id, its check-in rate, and the
 * failure grace: a node that has not checked in for {@code max(checkinInterval, the observer's own
 * check-in lag) + failureGrace} is dead (its recoverable attempts are recovered, the others
 * abandoned). Quartz's own grace is a fixed 7.5 s; ours is configurable (docs/operations.md
 * "Recovery and failure detection"). A node not seen for longer than {@code forgetAfter} is removed
 * from the node registry.
 */
public record ClusterConfig(
    boolean enabled,
    String nodeId,
    Duration checkinInterval,
    Duration failureGrace,
    Duration forgetAfter) {
  public static final boolean DEFAULT_ENABLED = false;
  public static final String AUTO_NODE_ID = "AUTO";
  public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_FAILURE_GRACE = Duration.ofSeconds(2);
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofDays(7);

  public ClusterConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(checkinInterval, "checkinInterval");
    Objects.requireNonNull(failureGrace, "failureGrace");
    Objects.requireNonNull(forgetAfter, "forgetAfter");
  }

  /** These settings with the default time to forget a dead node. */
  public ClusterConfig(
      boolean enabled, String nodeId, Duration checkinInterval, Duration failureGrace) {
    this(enabled, nodeId, checkinInterval, failureGrace, DEFAULT_FORGET_AFTER);
  }

  /** These settings with the default failure grace. */
  public ClusterConfig(boolean enabled, String nodeId, Duration checkinInterval) {
    this(enabled, nodeId, checkinInterval, DEFAULT_FAILURE_GRACE);
  }

  /** How long after its last check-in an owner's attempts count as abandoned in the ledger. */
  public Duration abandonAfter() {
    return checkinInterval.plus(failureGrace);
  }

  static ClusterConfig defaults() {
    return new ClusterConfig(
        DEFAULT_ENABLED,
        AUTO_NODE_ID,
        DEFAULT_CHECKIN_INTERVAL,
        DEFAULT_FAILURE_GRACE,
        DEFAULT_FORGET_AFTER);
  }
}
