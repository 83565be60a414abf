package dev.cronstone.cluster;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.metrics.StoreErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Removing nodes from the registry: those dead for longer than {@code cluster.forgetAfter}, and one
 * an operator names ({@code jobs store nodes --forget}). A live node is never removed. Each removal
 * is one transaction on Quartz's {@code STATE_ACCESS} lock, like a registration, and removes the
 * node's {@code cs_node} row and the check-in row Quartz left behind (kept while Quartz still has
 * fired triggers of that node to recover).
 */
public final class DeadNodes {
  private DeadNodes() {}

  /**
   * Whether {@code member} is forgotten at {@code now}: not alive, and last seen longer than {@code
   * forgetAfter} ago.
   */
  static boolean forgettable(ClusterMember member, Duration forgetAfter, Instant now) {
    return !member.aliveAt(now) && member.lastSeen().plus(forgetAfter).isBefore(now);
  }

  /** Removes every node forgettable at {@code now} except {@code selfId}; returns their ids. */
  static List<String> forgetDead(
      DataSource dataSource, Duration forgetAfter, Instant now, String selfId) {
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    Objects.requireNonNull(now, "now");
    return inTransaction(
        dataSource,
        "forget dead nodes",
        connection -> {
          List<String> forgotten = new ArrayList<>();
          for (ClusterMember member : ClusterMembers.read(connection)) {
            if (!member.nodeId().equals(selfId) && forgettable(member, forgetAfter, now)) {
              if (remove(connection, member.nodeId())) {
                forgotten.add(member.nodeId());
              }
            }
          }
          return forgotten;
        });
  }

  /**
   * Removes the node {@code nodeId} from the registry, as an operator asked.
   *
   * @return the node as it was before its removal
   * @throws CronstoneException {@code policy_denied} when the node is alive at {@code now}; {@code
   *     invalid_argument} when the store knows no such node; {@code store_unavailable}
   */
  public static ClusterMember forget(DataSource dataSource, String nodeId, Instant now) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(now, "now");
    return inTransaction(
        dataSource,
        "forget node '" + nodeId + "'",
        connection -> {
          ClusterMember member =
              ClusterMembers.read(connection).stream()
                  .filter(m -> m.nodeId().equals(nodeId))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new CronstoneException(
                              ErrorCode.INVALID_ARGUMENT,
                              "no node '" + nodeId + "' in the node registry"));
          if (member.aliveAt(now)) {
            throw new CronstoneException(
                ErrorCode.POLICY_DENIED,
                "refusing to forget "
                    + member.describe()
                    + ": it is alive. Stop it first; a node is forgotten once it is no longer alive");
          }
          remove(connection, nodeId);
          return member;
        });
  }

  private static boolean remove(Connection connection, String nodeId) throws SQLException {
    boolean row = NodeRows.delete(connection, nodeId);
    boolean quartz = NodeRows.deleteQuartzCheckin(connection, nodeId);
    return row || quartz;
  }

  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        NodeRows.lockMembership(connection);
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      StoreErrors.record(StoreErrors.Source.REGISTRY);
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot " + what + ": the store failed (" + e.getMessage() + ")",
          null,
          List.of(),
          e);
    }
  }
}
