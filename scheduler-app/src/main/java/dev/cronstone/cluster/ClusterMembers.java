package dev.cronstone.cluster;

import dev.cronstone.store.QuartzNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the cluster's members from {@code cs_node} and {@code QRTZ_SCHEDULER_STATE}. */
public final class ClusterMembers {
  private ClusterMembers() {}

  /** Every node either table knows, sorted by node id. */
  public static List<ClusterMember> read(Connection connection) throws SQLException {
    Map<String, NodeRecord> registered = new TreeMap<>();
    NodeRows.all(connection).forEach(r -> registered.put(r.nodeId(), r));
    Map<String, ClusterMember.QuartzCheckin> quartz = quartzCheckins(connection);
    TreeMap<String, ClusterMember> members = new TreeMap<>();
    registered.keySet().forEach(id -> members.put(id, null));
    quartz.keySet().forEach(id -> members.put(id, null));
    List<ClusterMember> result = new ArrayList<>();
    for (String id : members.keySet()) {
      result.add(
          new ClusterMember(
              id, Optional.ofNullable(registered.get(id)), Optional.ofNullable(quartz.get(id))));
    }
    return result;
  }

  private static Map<String, ClusterMember.QuartzCheckin> quartzCheckins(Connection connection)
      throws SQLException {
    Map<String, ClusterMember.QuartzCheckin> rows = new TreeMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?")) {
      statement.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.put(
              rs.getString(1),
              new ClusterMember.QuartzCheckin(
                  Instant.ofEpochMilli(rs.getLong(2)), Duration.ofMillis(rs.getLong(3))));
        }
      }
    }
    return rows;
  }
}
