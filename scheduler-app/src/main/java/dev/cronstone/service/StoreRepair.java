package dev.cronstone.service;

import dev.cronstone.cluster.ClusterMember;
import dev.cronstone.cluster.ClusterMembers;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.store.QuartzNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and fixes triggers Quartz cannot get out of by itself (docs/operations.md, "Repair"):
 *
 * <ul>
 *   <li>{@code BLOCKED}, {@code PAUSED_BLOCKED} or {@code ACQUIRED} with no {@code
 *       QRTZ_FIRED_TRIGGERS} row for the trigger or its job (so no node, live or dead, holds it;
 *       Quartz writes that row in the same transaction as the state) → {@code WAITING}, or {@code
 *       PAUSED} when it should be paused;
 *   <li>{@code ERROR} → {@code WAITING} or {@code PAUSED}, as {@code
 *       Scheduler.resetTriggerFromErrorState}.
 * </ul>
 *
 * "Should be paused": {@code PAUSED_BLOCKED}, its trigger group (or all groups) paused in {@code
 * QRTZ_PAUSED_TRIGGER_GRPS}, or its job paused or disabled in {@code cs_job}. A trigger that a
 * fired-trigger row names is left alone and reported: a live node holds it, or Quartz's recovery
 * releases it (a clustered node's check-in, or a non-clustered node's start).
 *
 * <p>{@link #apply} plans again and writes inside one transaction that holds Quartz's {@code
 * TRIGGER_ACCESS} row lock, the lock every node takes to acquire, fire and complete triggers, and
 * changes a row only if it is still in the state it was found in. Running it again finds nothing.
 */
public final class StoreRepair {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRepair.class);
  private static final String ALL_GROUPS_PAUSED = "_$_ALL_GROUPS_PAUSED_$_";
  private static final Set<String> STUCK = Set.of("BLOCKED", "PAUSED_BLOCKED", "ACQUIRED");

  private final DataSource dataSource;
  private final StoreConfig store;

  public StoreRepair(DataSource dataSource, StoreConfig store) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** A dry run: what {@link #apply} would change now. Changes nothing. */
  public Repair.Report plan(Instant now) {
    Objects.requireNonNull(now, "now");
    try (Connection connection = dataSource.getConnection()) {
      connection.setReadOnly(true);
      return find(connection, now, false);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "plan the repair", e);
    }
  }

  /** Finds and fixes, under the {@code TRIGGER_ACCESS} lock, in one transaction. */
  public Repair.Report apply(Instant now) {
    Objects.requireNonNull(now, "now");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        lockTriggerAccess(connection);
        Repair.Report report = find(connection, now, true);
        for (Repair.Fix fix : report.fixes()) {
          update(connection, fix);
        }
        connection.commit();
        report
            .fixes()
            .forEach(
                f ->
                    LOG.warn(
                        "store repair: trigger {}.{} {} -> {} ({})",
                        f.triggerGroup(),
                        f.triggerName(),
                        f.fromState(),
                        f.toState(),
                        f.reason()));
        return report;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "repair the store", e);
    }
  }

  private void lockTriggerAccess(Connection connection) throws SQLException {
    if ("postgresql".equals(store.dialect())) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL lock_timeout = '30s'");
      }
    }
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE")) {
      lock.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException(
              "QRTZ_LOCKS has no TRIGGER_ACCESS row for scheduler '"
                  + QuartzNames.SCHEDULER_NAME
                  + "'",
              "42S02");
        }
      }
    }
  }

  private record Candidate(
      String group, String name, String jobGroup, String jobName, String state) {}

  private record FiredRow(
      String entryId,
      String triggerGroup,
      String triggerName,
      String jobGroup,
      String jobName,
      String instance,
      String state) {}

  private Repair.Report find(Connection connection, Instant now, boolean applying)
      throws SQLException {
    List<Candidate> candidates = candidates(connection);
    if (candidates.isEmpty()) {
      return new Repair.Report(applying, List.of(), List.of());
    }
    List<FiredRow> fired = fired(connection);
    Set<String> live =
        ClusterMembers.read(connection).stream()
            .filter(m -> m.aliveAt(now))
            .map(ClusterMember::nodeId)
            .collect(Collectors.toSet());
    Set<String> pausedGroups =
        strings(
            connection,
            "SELECT TRIGGER_GROUP FROM QRTZ_PAUSED_TRIGGER_GRPS WHERE SCHED_NAME = ?",
            true);
    Set<String> pausedJobs =
        strings(
            connection, "SELECT job_id FROM cs_job WHERE paused = TRUE OR enabled = FALSE", false);
    List<Repair.Fix> fixes = new ArrayList<>();
    List<Repair.LeftAlone> left = new ArrayList<>();
    for (Candidate c : candidates) {
      String target = shouldBePaused(c, pausedGroups, pausedJobs) ? "PAUSED" : "WAITING";
      if ("ERROR".equals(c.state())) {
        fixes.add(
            fix(
                c,
                target,
                "in ERROR: Quartz could not fire it (typically its job class could not be loaded"
                    + " or its job is gone); reset as Scheduler.resetTriggerFromErrorState does"));
        continue;
      }
      Optional<FiredRow> holder =
          fired.stream()
              .filter(
                  f ->
                      (f.triggerGroup().equals(c.group()) && f.triggerName().equals(c.name()))
                          || (Objects.equals(f.jobGroup(), c.jobGroup())
                              && Objects.equals(f.jobName(), c.jobName())))
              .min(
                  (a, b) ->
                      Boolean.compare(live.contains(b.instance()), live.contains(a.instance())));
      if (holder.isEmpty()) {
        fixes.add(
            fix(
                c,
                target,
                c.state() + " with no fired-trigger row for it or its job, so no node holds it"));
        continue;
      }
      FiredRow f = holder.get();
      boolean alive = live.contains(f.instance());
      left.add(
          new Repair.LeftAlone(
              c.group(),
              c.name(),
              c.jobGroup(),
              c.jobName(),
              c.state(),
              f.instance(),
              alive,
              alive
                  ? "held by live node '"
                      + f.instance()
                      + "' (fired entry "
                      + f.entryId()
                      + ", "
                      + f.state()
                      + ")"
                  : "held by node '"
                      + f.instance()
                      + "', which is not alive (fired entry "
                      + f.entryId()
                      + "); Quartz's"
                      + " recovery releases it: a clustered node at its next check-in, a non-clustered node when it starts"));
    }
    return new Repair.Report(applying, fixes, left);
  }

  private static boolean shouldBePaused(
      Candidate c, Set<String> pausedGroups, Set<String> pausedJobs) {
    return "PAUSED_BLOCKED".equals(c.state())
        || pausedGroups.contains(c.group())
        || pausedGroups.contains(ALL_GROUPS_PAUSED)
        || pausedJobs.contains(c.jobName());
  }

  private static Repair.Fix fix(Candidate c, String target, String reason) {
    return new Repair.Fix(
        c.group(), c.name(), c.jobGroup(), c.jobName(), c.state(), target, reason);
  }

  private static List<Candidate> candidates(Connection connection) throws SQLException {
    List<Candidate> rows = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT TRIGGER_GROUP, TRIGGER_NAME, JOB_GROUP, JOB_NAME, TRIGGER_STATE FROM QRTZ_TRIGGERS"
                + " WHERE SCHED_NAME = ? AND TRIGGER_STATE IN ('BLOCKED', 'PAUSED_BLOCKED', 'ACQUIRED', 'ERROR')"
                + " ORDER BY TRIGGER_GROUP, TRIGGER_NAME")) {
      statement.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Candidate(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
    }
    return rows;
  }

  private static List<FiredRow> fired(Connection connection) throws SQLException {
    List<FiredRow> rows = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT ENTRY_ID, TRIGGER_GROUP, TRIGGER_NAME, JOB_GROUP, JOB_NAME, INSTANCE_NAME, STATE"
                + " FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ? ORDER BY ENTRY_ID")) {
      statement.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new FiredRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
    }
    return rows;
  }

  private static Set<String> strings(Connection connection, String sql, boolean bindSchedulerName)
      throws SQLException {
    Set<String> values = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (bindSchedulerName) {
        statement.setString(1, QuartzNames.SCHEDULER_NAME);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  private static void update(Connection connection, Repair.Fix fix) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = ? WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ? AND TRIGGER_NAME = ?"
                + " AND TRIGGER_STATE = ?")) {
      update.setString(1, fix.toState());
      update.setString(2, QuartzNames.SCHEDULER_NAME);
      update.setString(3, fix.triggerGroup());
      update.setString(4, fix.triggerName());
      update.setString(5, fix.fromState());
      if (update.executeUpdate() != 1) {
        throw new SQLException(
            "trigger "
                + fix.triggerGroup()
                + "."
                + fix.triggerName()
                + " changed during the repair");
      }
    }
  }
}
