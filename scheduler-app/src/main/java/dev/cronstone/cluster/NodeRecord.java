package dev.cronstone.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the node registry ({@code cs_node}). {@code stoppedAt} is null while the node has not
 * stopped cleanly; a node that crashed keeps a null {@code stoppedAt} and simply stops being seen.
 */
public record NodeRecord(
    String nodeId,
    String host,
    long pid,
    boolean clustered,
    Duration checkinInterval,
    String tzdbVersion,
    String cronstoneVersion,
    Instant startedAt,
    Instant lastSeenAt,
    Instant stoppedAt) {

  public NodeRecord {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(checkinInterval, "checkinInterval");
    Objects.requireNonNull(tzdbVersion, "tzdbVersion");
    Objects.requireNonNull(cronstoneVersion, "cronstoneVersion");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
  }

  public Optional<Instant> stopped() {
    return Optional.ofNullable(stoppedAt);
  }

  /** Alive at {@code now} per {@link Liveness}: not stopped cleanly and seen within the window. */
  public boolean aliveAt(Instant now) {
    return stoppedAt == null && Liveness.isAlive(lastSeenAt, checkinInterval, now);
  }

  /** The instant after which this node no longer counts as alive (unless it checks in again). */
  public Instant aliveUntil() {
    return Liveness.aliveUntil(lastSeenAt, checkinInterval, Duration.ZERO);
  }
}
