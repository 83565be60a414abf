package dev.cronstone.cluster;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.metrics.StoreErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in the store's node registry ({@code cs_node}), the guard of docs/operations.md
 * "Cluster safety". One instance per node: {@link #register} once at start (before Quartz starts),
 * {@link #heartbeat} every {@code cluster.checkinInterval} from the node's scheduled loop, {@link
 * #deregister} on a clean stop. Time is always passed in.
 *
 * <p>{@link #register} refuses ({@link ErrorCode#POLICY_DENIED}) to let a node start when
 *
 * <ol>
 *   <li>it is NOT clustered and any other node is alive (it would fire every trigger a second
 *       time);
 *   <li>it IS clustered and a non-clustered node is alive (that node fires without the cluster
 *       lock);
 *   <li>a live node already has its node id.
 * </ol>
 *
 * "Alive" is {@link ClusterMember#aliveAt}: the node's registry row or its Quartz check-in is
 * within the {@link Liveness} window. Registrations are serialised on Quartz's {@code STATE_ACCESS}
 * row lock, so two nodes starting at once cannot both pass the checks.
 */
public final class NodeRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

  private final DataSource dataSource;
  private final Duration checkinInterval;
  private final NodeInfo info;
  private NodeRecord self;
  private String incarnation;
  private boolean stopped;

  /**
   * The result of a registration: this node's row and the live nodes whose tzdb version differs.
   */
  public record Registration(NodeRecord self, List<NodeRecord> tzdbMismatches) {
    public Registration {
      Objects.requireNonNull(self, "self");
      tzdbMismatches = List.copyOf(tzdbMismatches);
    }
  }

  /** A registry for this JVM ({@link NodeInfo#current()}). */
  public NodeRegistry(DataSource dataSource, Duration checkinInterval) {
    this(dataSource, checkinInterval, NodeInfo.current());
  }

  public NodeRegistry(DataSource dataSource, Duration checkinInterval, NodeInfo info) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.checkinInterval = Objects.requireNonNull(checkinInterval, "checkinInterval");
    this.info = Objects.requireNonNull(info, "info");
    if (checkinInterval.isNegative() || checkinInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkinInterval must be positive, got " + checkinInterval);
    }
  }

  /**
   * Registers this node, or refuses. Logs a loud WARN (and returns them) when live nodes run with
   * other time-zone rules than this JVM.
   *
   * @throws CronstoneException {@code policy_denied} when one of the three rules refuses the start,
   *     naming the other node; {@code store_unavailable} when the store cannot be reached
   * @throws IllegalStateException when this registry has already registered
   */
  public synchronized Registration register(String nodeId, boolean clustered, Instant now) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(now, "now");
    if (self != null) {
      throw new IllegalStateException("node '" + self.nodeId() + "' is already registered");
    }
    Instant at = NodeRows.truncate(now);
    NodeRecord candidate =
        new NodeRecord(
            nodeId,
            info.host(),
            info.pid(),
            clustered,
            checkinInterval,
            info.tzdbVersion(),
            info.cronstoneVersion(),
            at,
            at,
            null);
    String newIncarnation = UUID.randomUUID().toString();
    List<ClusterMember> live;
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        NodeRows.lockMembership(connection);
        live = ClusterMembers.read(connection).stream().filter(m -> m.aliveAt(now)).toList();
        refuseIfUnsafe(candidate, live);
        NodeRows.upsert(connection, candidate, newIncarnation);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw unavailable("register node '" + nodeId + "'", e);
    }
    this.self = candidate;
    this.incarnation = newIncarnation;
    List<NodeRecord> mismatches =
        live.stream()
            .flatMap(m -> m.registered().stream())
            .filter(r -> !r.tzdbVersion().equals(info.tzdbVersion()))
            .toList();
    warnAboutTzdb(candidate, mismatches);
    LOG.info(
        "[{}] registered in the node registry (clustered={}, tzdb {}, {} other live node(s))",
        nodeId,
        clustered,
        info.tzdbVersion(),
        live.size());
    return new Registration(candidate, mismatches);
  }

  /**
   * Records that this node is alive at {@code now}: the synchronous step of the node's check-in
   * loop. Re-creates the row if it has disappeared.
   *
   * @throws CronstoneException {@code policy_denied} when another process has registered under this
   *     node's id meanwhile (this node looked dead to it, for example after a long pause): this
   *     node must stop; {@code store_unavailable} when the store cannot be reached
   * @throws IllegalStateException before {@link #register}
   */
  public synchronized void heartbeat(Instant now) {
    Objects.requireNonNull(now, "now");
    requireRegistered();
    if (stopped) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      if (NodeRows.touch(connection, self.nodeId(), incarnation, now)) {
        return;
      }
      Optional<String> owner = NodeRows.incarnation(connection, self.nodeId());
      if (owner.isPresent() && !owner.get().equals(incarnation)) {
        NodeRecord other = NodeRows.find(connection, self.nodeId()).orElseThrow();
        String message =
            "node id '"
                + self.nodeId()
                + "' was taken over by another process (host "
                + other.host()
                + ", pid "
                + other.pid()
                + ", started "
                + other.startedAt()
                + ") while this node was not seen; "
                + "this node must stop";
        LOG.error("[{}] {}", self.nodeId(), message);
        throw new CronstoneException(ErrorCode.POLICY_DENIED, message);
      }
      LOG.warn(
          "[{}] this node's registry row was {}; writing it again",
          self.nodeId(),
          owner.isPresent() ? "marked stopped" : "missing");
      NodeRows.upsert(connection, withLastSeen(now), incarnation);
    } catch (SQLException e) {
      throw unavailable("check in node '" + self.nodeId() + "'", e);
    }
  }

  /** Marks this node stopped (a clean stop): it no longer counts as alive, from now on. */
  public synchronized void deregister(Instant now) {
    Objects.requireNonNull(now, "now");
    requireRegistered();
    stopped = true;
    try (Connection connection = dataSource.getConnection()) {
      if (!NodeRows.stop(connection, self.nodeId(), incarnation, now)) {
        LOG.warn(
            "[{}] not deregistered: its registry row belongs to another process now",
            self.nodeId());
      } else {
        LOG.info("[{}] deregistered from the node registry", self.nodeId());
      }
    } catch (SQLException e) {
      throw unavailable("deregister node '" + self.nodeId() + "'", e);
    }
  }

  /** Every row of the registry, live or not, sorted by node id. */
  public List<NodeRecord> nodes() {
    try (Connection connection = dataSource.getConnection()) {
      return NodeRows.all(connection);
    } catch (SQLException e) {
      throw unavailable("read the node registry", e);
    }
  }

  /**
   * Removes the nodes not seen for longer than {@code forgetAfter} ({@link DeadNodes}), never this
   * node: a step of the node's check-in loop, run at a low rate.
   *
   * @return the ids removed
   */
  public List<String> forgetDead(Duration forgetAfter, Instant now) {
    String selfId;
    synchronized (this) {
      requireRegistered();
      selfId = self.nodeId();
    }
    List<String> forgotten = DeadNodes.forgetDead(dataSource, forgetAfter, now, selfId);
    if (!forgotten.isEmpty()) {
      LOG.info(
          "[{}] forgot {} node(s) not seen for longer than {}: {}",
          selfId,
          forgotten.size(),
          forgetAfter,
          String.join(", ", forgotten));
    }
    return forgotten;
  }

  /** This node's id once registered. */
  public synchronized Optional<String> nodeId() {
    return Optional.ofNullable(self).map(NodeRecord::nodeId);
  }

  private NodeRecord withLastSeen(Instant now) {
    return new NodeRecord(
        self.nodeId(),
        self.host(),
        self.pid(),
        self.clustered(),
        self.checkinInterval(),
        self.tzdbVersion(),
        self.cronstoneVersion(),
        self.startedAt(),
        NodeRows.truncate(now),
        null);
  }

  private void requireRegistered() {
    if (self == null) {
      throw new IllegalStateException("register the node first");
    }
  }

  static void refuseIfUnsafe(NodeRecord self, List<ClusterMember> live) {
    for (ClusterMember other : live) {
      if (other.nodeId().equals(self.nodeId())) {
        throw denied(
            "refusing to start: node id '"
                + self.nodeId()
                + "' is in use by a live "
                + other.describe()
                + ". Give this node another cluster.nodeId, or, if that node is gone, start again after "
                + aliveUntil(other)
                + " ("
                + Liveness.GRACE.toMillis()
                + " ms after its check-in interval)");
      }
    }
    for (ClusterMember other : live) {
      if (!self.clustered()) {
        throw denied(
            "refusing to start non-clustered: "
                + other.describe()
                + " is alive on this store."
                + " A non-clustered node next to another node fires every trigger twice; set cluster.enabled: true"
                + " on every node, or stop the other node");
      }
      if (!other.clustered()) {
        throw denied(
            "refusing to start clustered: "
                + other.describe()
                + " is alive and runs NOT clustered on"
                + " this store, outside the cluster lock; stop it, or restart it with cluster.enabled: true");
      }
    }
  }

  private static Instant aliveUntil(ClusterMember member) {
    Instant fromRegistry = member.registered().map(NodeRecord::aliveUntil).orElse(Instant.MIN);
    Instant fromQuartz =
        member
            .quartz()
            .map(q -> Liveness.aliveUntil(q.lastCheckin(), q.checkinInterval(), Duration.ZERO))
            .orElse(Instant.MIN);
    return fromRegistry.isAfter(fromQuartz) ? fromRegistry : fromQuartz;
  }

  private void warnAboutTzdb(NodeRecord self, List<NodeRecord> mismatches) {
    for (NodeRecord other : mismatches) {
      LOG.warn(
          "[{}] !!! TIME-ZONE RULES MISMATCH !!! this node computes fire times with tzdb {}, but live node '{}'"
              + " (host {}) uses tzdb {}. Nodes with different zone rules can fire the same job at different"
              + " instants; run every node on the same JDK / tzdata.",
          self.nodeId(),
          self.tzdbVersion(),
          other.nodeId(),
          other.host(),
          other.tzdbVersion());
    }
  }

  private static CronstoneException denied(String message) {
    return new CronstoneException(ErrorCode.POLICY_DENIED, message);
  }

  private static CronstoneException unavailable(String what, SQLException e) {
    StoreErrors.record(StoreErrors.Source.REGISTRY);
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot " + what + ": the store failed (" + e.getMessage() + ")",
        null,
        List.of(),
        e);
  }
}
