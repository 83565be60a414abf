package dev.cronstone.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as the store knows it: its row in Cronstone's registry ({@code cs_node}) and its
 * check-in row in Quartz's {@code QRTZ_SCHEDULER_STATE} (clustered Quartz schedulers only), either
 * of which may be missing.
 */
public record ClusterMember(
    String nodeId, Optional<NodeRecord> registered, Optional<QuartzCheckin> quartz) {
  public ClusterMember {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(registered, "registered");
    Objects.requireNonNull(quartz, "quartz");
  }

  /** A row of {@code QRTZ_SCHEDULER_STATE}: the instance, its last check-in and its interval. */
  public record QuartzCheckin(Instant lastCheckin, Duration checkinInterval) {
    public QuartzCheckin {
      Objects.requireNonNull(lastCheckin, "lastCheckin");
      Objects.requireNonNull(checkinInterval, "checkinInterval");
    }

    public boolean aliveAt(Instant now) {
      return Liveness.isAlive(lastCheckin, checkinInterval, now);
    }
  }

  /**
   * Alive at {@code now}: its registry row or its Quartz check-in is within the {@link Liveness}
   * window, except that a clean stop recorded in the registry outweighs a Quartz check-in made
   * before it (Quartz leaves its row behind when a scheduler shuts down).
   */
  public boolean aliveAt(Instant now) {
    if (registered.map(r -> r.aliveAt(now)).orElse(false)) {
      return true;
    }
    Optional<Instant> stoppedAt = registered.flatMap(NodeRecord::stopped);
    return quartz
        .filter(q -> q.aliveAt(now))
        .filter(q -> stoppedAt.map(q.lastCheckin()::isAfter).orElse(true))
        .isPresent();
  }

  /** The later of its registry's last-seen time and its Quartz check-in. */
  public Instant lastSeen() {
    Instant fromRegistry = registered.map(NodeRecord::lastSeenAt).orElse(Instant.MIN);
    Instant fromQuartz = quartz.map(QuartzCheckin::lastCheckin).orElse(Instant.MIN);
    return fromRegistry.isAfter(fromQuartz) ? fromRegistry : fromQuartz;
  }

  /**
   * Whether it runs clustered: as registered, else true when only Quartz knows it (Quartz writes
   * {@code QRTZ_SCHEDULER_STATE} for clustered schedulers only).
   */
  public boolean clustered() {
    return registered.map(NodeRecord::clustered).orElse(true);
  }

  /** Its time-zone rules version, when it registered one. */
  public Optional<String> tzdbVersion() {
    return registered.map(NodeRecord::tzdbVersion);
  }

  /** One line for messages: id, host and pid when known, last seen. */
  public String describe() {
    StringBuilder text = new StringBuilder("node '").append(nodeId).append('\'');
    registered.ifPresent(
        r ->
            text.append(" (host ")
                .append(r.host())
                .append(", pid ")
                .append(r.pid())
                .append(r.clustered() ? ", clustered" : ", NOT clustered")
                .append(')'));
    if (registered.isEmpty()) {
      text.append(" (a clustered Quartz scheduler not in Cronstone's registry)");
    }
    return text.append(", last seen ").append(lastSeen()).toString();
  }
}
