package dev.cronstone.cluster;

import dev.cronstone.store.QuartzNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code cs_node}; plain JDBC that runs unchanged on H2 and PostgreSQL. */
final class NodeRows {
  private static final String COLUMNS =
      "node_id, incarnation, host, pid, clustered, checkin_interval_ms, "
          + "tzdb_version, cronstone_version, started_at, last_seen_at, stopped_at";

  private NodeRows() {}

  static List<NodeRecord> all(Connection connection) throws SQLException {
    List<NodeRecord> rows = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM cs_node ORDER BY node_id");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(record(rs));
      }
    }
    return rows;
  }

  /** The incarnation that holds {@code nodeId} now, if the row exists. */
  static Optional<String> incarnation(Connection connection, String nodeId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT incarnation FROM cs_node WHERE node_id = ?")) {
      statement.setString(1, nodeId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static Optional<NodeRecord> find(Connection connection, String nodeId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM cs_node WHERE node_id = ?")) {
      statement.setString(1, nodeId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  /** Inserts or replaces the row of {@code record}'s node, owned by {@code incarnation}. */
  static void upsert(Connection connection, NodeRecord record, String incarnation)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM cs_node WHERE node_id = ?")) {
      delete.setString(1, record.nodeId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO cs_node (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, record.nodeId());
      insert.setString(2, incarnation);
      insert.setString(3, record.host());
      insert.setLong(4, record.pid());
      insert.setBoolean(5, record.clustered());
      insert.setLong(6, record.checkinInterval().toMillis());
      insert.setString(7, record.tzdbVersion());
      insert.setString(8, record.cronstoneVersion());
      insert.setObject(9, timestamp(record.startedAt()));
      insert.setObject(10, timestamp(record.lastSeenAt()));
      insert.setObject(11, record.stoppedAt() == null ? null : timestamp(record.stoppedAt()));
      insert.executeUpdate();
    }
  }

  /** Sets last_seen_at of the row this incarnation owns; false when it owns no row. */
  static boolean touch(Connection connection, String nodeId, String incarnation, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_node SET last_seen_at = ? WHERE node_id = ? AND incarnation = ? AND stopped_at IS NULL")) {
      update.setObject(1, timestamp(now));
      update.setString(2, nodeId);
      update.setString(3, incarnation);
      return update.executeUpdate() == 1;
    }
  }

  /** Marks the row this incarnation owns stopped; false when it owns no row. */
  static boolean stop(Connection connection, String nodeId, String incarnation, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE cs_node SET last_seen_at = ?, stopped_at = ? WHERE node_id = ? AND incarnation = ?")) {
      update.setObject(1, timestamp(now));
      update.setObject(2, timestamp(now));
      update.setString(3, nodeId);
      update.setString(4, incarnation);
      return update.executeUpdate() == 1;
    }
  }

  /** Deletes the row of {@code nodeId}; false when there was none. */
  static boolean delete(Connection connection, String nodeId) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM cs_node WHERE node_id = ?")) {
      delete.setString(1, nodeId);
      return delete.executeUpdate() == 1;
    }
  }

  /**
   * Deletes the Quartz check-in row Quartz leaves behind for {@code instance}, unless the instance
   * still has fired-trigger rows: Quartz's cluster recovery needs the row to recover them.
   */
  static boolean deleteQuartzCheckin(Connection connection, String instance) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?"
                + " AND NOT EXISTS (SELECT 1 FROM QRTZ_FIRED_TRIGGERS f"
                + " WHERE f.SCHED_NAME = ? AND f.INSTANCE_NAME = ?)")) {
      delete.setString(1, QuartzNames.SCHEDULER_NAME);
      delete.setString(2, instance);
      delete.setString(3, QuartzNames.SCHEDULER_NAME);
      delete.setString(4, instance);
      return delete.executeUpdate() == 1;
    }
  }

  /** Takes Quartz's {@code STATE_ACCESS} row lock: membership changes are serialised on it. */
  static void lockMembership(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'STATE_ACCESS' FOR UPDATE")) {
      lock.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
      }
    }
  }

  /** Times are kept to the millisecond, as Quartz keeps its own. */
  static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static NodeRecord record(ResultSet rs) throws SQLException {
    return new NodeRecord(
        rs.getString("node_id"),
        rs.getString("host"),
        rs.getLong("pid"),
        rs.getBoolean("clustered"),
        Duration.ofMillis(rs.getLong("checkin_interval_ms")),
        rs.getString("tzdb_version"),
        rs.getString("cronstone_version"),
        instant(rs, "started_at"),
        instant(rs, "last_seen_at"),
        instant(rs, "stopped_at"));
  }
}
