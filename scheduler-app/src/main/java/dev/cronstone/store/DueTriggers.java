package dev.cronstone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.Constants;

/**
 * The acquisition query of our delegates: Quartz's own, with the fire times bound as {@code long}
 * and the batch cut by {@code LIMIT} in the SQL. Quartz binds {@code NEXT_FIRE_TIME} with {@code
 * setBigDecimal}, so PostgreSQL compares {@code bigint::numeric}, cannot use the fire-time index,
 * and reads and sorts every due trigger on every acquisition; and its {@code setMaxRows} is
 * invisible to the planner. Same rows, same order: the earliest fire first, then the higher
 * priority.
 */
final class DueTriggers {
  /** {@code {0}} and {@code {1}} are Quartz's table prefix and scheduler name placeholders. */
  static final String SQL =
      "SELECT TRIGGER_NAME, TRIGGER_GROUP FROM {0}TRIGGERS"
          + " WHERE SCHED_NAME = {1} AND TRIGGER_STATE = ? AND NEXT_FIRE_TIME <= ?"
          + " AND (MISFIRE_INSTR = -1 OR NEXT_FIRE_TIME >= ?)"
          + " ORDER BY NEXT_FIRE_TIME ASC, PRIORITY DESC LIMIT ?";

  private DueTriggers() {}

  /** Up to {@code maxCount} (at least one) waiting triggers due by {@code noLaterThan}. */
  static List<TriggerKey> select(
      Connection conn, String sql, long noLaterThan, long noEarlierThan, int maxCount)
      throws SQLException {
    int limit = Math.max(1, maxCount);
    List<TriggerKey> keys = new ArrayList<>(Math.min(limit, 1024));
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(1, Constants.STATE_WAITING);
      ps.setLong(2, noLaterThan);
      ps.setLong(3, noEarlierThan);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(new TriggerKey(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return keys;
  }
}
