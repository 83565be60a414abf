package dev.cronstone.service;

import dev.cronstone.cluster.ClusterMember;
import dev.cronstone.cluster.ClusterMembers;
import dev.cronstone.cluster.Liveness;
import dev.cronstone.cluster.NodeRecord;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.QuartzNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Reads the JDBC store as it is: Quartz's tables and Cronstone's node registry, with plain JDBC (no
 * Quartz scheduler, nothing changed). Every method throws {@link CronstoneException} with {@code
 * store_unavailable} and the masked URL when the store cannot be read.
 */
public final class StoreInspector {
  /** Cronstone's own trigger type (see {@code CronstoneTriggerPersistenceDelegate}). */
  static final String CS_CRON = "CS_CRON";

  private final DataSource dataSource;
  private final StoreConfig store;

  public StoreInspector(DataSource dataSource, StoreConfig store) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The cluster's members, sorted by node id, with {@code alive} computed at {@code now}. */
  public List<Inspection.Node> nodes(Instant now) {
    Objects.requireNonNull(now, "now");
    List<ClusterMember> members = read("read the cluster's nodes", ClusterMembers::read);
    Set<String> liveVersions =
        members.stream()
            .filter(m -> m.aliveAt(now))
            .flatMap(m -> m.tzdbVersion().stream())
            .collect(Collectors.toSet());
    return members.stream().map(m -> node(m, now, liveVersions)).toList();
  }

  private static Inspection.Node node(ClusterMember member, Instant now, Set<String> liveVersions) {
    boolean alive = member.aliveAt(now);
    NodeRecord r = member.registered().orElse(null);
    ClusterMember.QuartzCheckin q = member.quartz().orElse(null);
    String tzdb = r == null ? null : r.tzdbVersion();
    boolean mismatch =
        alive && tzdb != null && liveVersions.stream().anyMatch(v -> !v.equals(tzdb));
    Duration interval = q != null ? q.checkinInterval() : r.checkinInterval();
    Instant aliveUntil = Liveness.aliveUntil(member.lastSeen(), interval, Duration.ZERO);
    Inspection.NodeState state =
        alive
            ? Inspection.NodeState.ALIVE
            : r != null && r.stoppedAt() != null
                ? Inspection.NodeState.STOPPED
                : Inspection.NodeState.DEAD;
    return new Inspection.Node(
        member.nodeId(),
        alive,
        state,
        r == null ? (q == null ? null : Boolean.TRUE) : r.clustered(),
        r == null ? null : r.host(),
        r == null ? null : r.pid(),
        tzdb,
        mismatch,
        r == null ? null : r.cronstoneVersion(),
        r == null ? null : r.startedAt(),
        member.lastSeen(),
        q == null ? null : q.lastCheckin(),
        interval.toMillis(),
        r != null && r.stoppedAt() != null ? null : aliveUntil,
        r == null ? null : r.stoppedAt(),
        r != null,
        q != null);
  }

  /** Every trigger, sorted by group and name. */
  public List<Inspection.Trigger> triggers() {
    return read(
        "read the triggers",
        connection -> {
          List<Inspection.Trigger> rows = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT t.TRIGGER_GROUP, t.TRIGGER_NAME, t.JOB_GROUP, t.JOB_NAME, t.TRIGGER_TYPE, t.TRIGGER_STATE,"
                      + " t.NEXT_FIRE_TIME, t.PREV_FIRE_TIME, t.PRIORITY, t.MISFIRE_INSTR, s.STR_PROP_1, s.STR_PROP_2,"
                      + " c.CRON_EXPRESSION, c.TIME_ZONE_ID FROM QRTZ_TRIGGERS t"
                      + " LEFT JOIN QRTZ_SIMPROP_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME AND s.TRIGGER_NAME = t.TRIGGER_NAME"
                      + " AND s.TRIGGER_GROUP = t.TRIGGER_GROUP"
                      + " LEFT JOIN QRTZ_CRON_TRIGGERS c ON c.SCHED_NAME = t.SCHED_NAME AND c.TRIGGER_NAME = t.TRIGGER_NAME"
                      + " AND c.TRIGGER_GROUP = t.TRIGGER_GROUP"
                      + " WHERE t.SCHED_NAME = ? ORDER BY t.TRIGGER_GROUP, t.TRIGGER_NAME")) {
            statement.setString(1, QuartzNames.SCHEDULER_NAME);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(trigger(rs));
              }
            }
          }
          return rows;
        });
  }

  private static Inspection.Trigger trigger(ResultSet rs) throws SQLException {
    String type = rs.getString(5);
    int misfire = rs.getInt(10);
    boolean ours = CS_CRON.equals(type);
    List<String> expressions = List.of();
    String zone = null;
    if (ours && rs.getString(11) != null) {
      expressions =
          Arrays.stream(rs.getString(11).split("\n"))
              .map(String::trim)
              .filter(e -> !e.isEmpty())
              .toList();
      zone = rs.getString(12);
    } else if (rs.getString(13) != null) {
      expressions = List.of(rs.getString(13));
      zone = rs.getString(14);
    }
    return new Inspection.Trigger(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        type,
        rs.getString(6),
        epochMillis(rs, 7),
        epochMillis(rs, 8),
        rs.getInt(9),
        misfire,
        ours ? MisfirePolicy.ofCode(misfire).specName() : null,
        expressions,
        zone);
  }

  /** The fired-trigger rows (acquired or executing), oldest first, with their node's liveness. */
  public List<Inspection.Fired> fired(Instant now) {
    Objects.requireNonNull(now, "now");
    return read(
        "read the fired triggers",
        connection -> {
          Map<String, Boolean> alive =
              ClusterMembers.read(connection).stream()
                  .collect(Collectors.toMap(ClusterMember::nodeId, m -> m.aliveAt(now)));
          List<Inspection.Fired> rows = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT ENTRY_ID, TRIGGER_GROUP, TRIGGER_NAME, JOB_GROUP, JOB_NAME, INSTANCE_NAME, FIRED_TIME, SCHED_TIME,"
                      + " STATE, IS_NONCONCURRENT, REQUESTS_RECOVERY FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ?"
                      + " ORDER BY FIRED_TIME, ENTRY_ID")) {
            statement.setString(1, QuartzNames.SCHEDULER_NAME);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                String instance = rs.getString(6);
                rows.add(
                    new Inspection.Fired(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        instance,
                        alive.getOrDefault(instance, false),
                        epochMillis(rs, 7),
                        epochMillis(rs, 8),
                        rs.getString(9),
                        rs.getBoolean(10),
                        rs.getBoolean(11)));
              }
            }
          }
          return rows;
        });
  }

  /**
   * The rows of {@code QRTZ_LOCKS}; on PostgreSQL also the sessions that hold row locks there now.
   */
  public Inspection.Locks locks() {
    return read(
        "read the locks",
        connection -> {
          List<Inspection.Lock> locks = new ArrayList<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT SCHED_NAME, LOCK_NAME FROM QRTZ_LOCKS ORDER BY SCHED_NAME, LOCK_NAME");
              ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              locks.add(new Inspection.Lock(rs.getString(1), rs.getString(2)));
            }
          }
          boolean postgres = "postgresql".equals(store.dialect());
          return new Inspection.Locks(
              locks, postgres, postgres ? pgHolders(connection) : List.of());
        });
  }

  /**
   * Sessions holding {@code RowShareLock} on {@code QRTZ_LOCKS}: every transaction that ran {@code
   * SELECT ... FOR UPDATE} on it and has not ended (holding a row, or waiting for one).
   */
  private static List<Inspection.LockHolder> pgHolders(Connection connection) throws SQLException {
    List<Inspection.LockHolder> holders = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT a.pid, a.application_name, host(a.client_addr), a.state, a.xact_start,"
                    + " CASE WHEN a.wait_event IS NULL THEN NULL ELSE a.wait_event_type || ':' || a.wait_event END"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND l.relation = to_regclass('qrtz_locks') AND l.mode = 'RowShareLock'"
                    + " AND l.granted AND l.pid <> pg_backend_pid() ORDER BY a.xact_start, a.pid");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        OffsetDateTime start = rs.getObject(5, OffsetDateTime.class);
        holders.add(
            new Inspection.LockHolder(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                start == null ? null : start.toInstant(),
                rs.getString(6)));
      }
    }
    return holders;
  }

  /**
   * Paused trigger groups, triggers in PAUSED or PAUSED_BLOCKED, and jobs paused by an operator.
   */
  public Inspection.Paused paused() {
    return read(
        "read the paused jobs and triggers",
        connection -> {
          List<String> groups = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT TRIGGER_GROUP FROM QRTZ_PAUSED_TRIGGER_GRPS WHERE SCHED_NAME = ? ORDER BY TRIGGER_GROUP")) {
            statement.setString(1, QuartzNames.SCHEDULER_NAME);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                groups.add(rs.getString(1));
              }
            }
          }
          List<Inspection.PausedTrigger> triggers = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT TRIGGER_GROUP, TRIGGER_NAME, JOB_GROUP, JOB_NAME, TRIGGER_STATE FROM QRTZ_TRIGGERS"
                      + " WHERE SCHED_NAME = ? AND TRIGGER_STATE IN ('PAUSED', 'PAUSED_BLOCKED') ORDER BY TRIGGER_GROUP, TRIGGER_NAME")) {
            statement.setString(1, QuartzNames.SCHEDULER_NAME);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                triggers.add(
                    new Inspection.PausedTrigger(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)));
              }
            }
          }
          List<Inspection.PausedJob> jobs = new ArrayList<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT job_id, enabled, paused_by, paused_at FROM cs_job WHERE paused = TRUE ORDER BY job_id");
              ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              OffsetDateTime at = rs.getObject(4, OffsetDateTime.class);
              jobs.add(
                  new Inspection.PausedJob(
                      rs.getString(1),
                      rs.getBoolean(2),
                      rs.getString(3),
                      at == null ? null : at.toInstant()));
            }
          }
          return new Inspection.Paused(groups, triggers, jobs);
        });
  }

  /** Quartz keeps times as epoch millis; null, 0 and -1 mean "none". */
  static Instant epochMillis(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() || millis <= 0 ? null : Instant.ofEpochMilli(millis);
  }

  interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  private <T> T read(String what, Read<T> reader) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setReadOnly(true);
      return reader.apply(connection);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, what, e);
    }
  }
}
