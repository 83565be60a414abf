package dev.cronstone.service;

import dev.cronstone.store.QuartzNames;
import dev.cronstone.sync.SyncLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Pauses and resumes a Quartz client made in Quartz's tables (docs/quartz-interop.md), recognised
 * and recorded as an operator's pause made by {@value #QUARTZ}. A job's pause is what its schedule
 * trigger's state says whenever it has a live one: {@code PAUSED} or {@code PAUSED_BLOCKED} is
 * paused; {@code WAITING}, {@code ACQUIRED} or {@code BLOCKED} is not. Without a schedule trigger
 * (a disabled or manual-only job, or one whose trigger is in {@code ERROR}) the recorded pause
 * stands: Quartz has nothing of the job to pause.
 *
 * <p>Recording, under the {@link SyncLock} every pause, resume and sync holds: a job Quartz paused
 * gets {@code paused_by = quartz}; a job Quartz resumed gets {@code resumed_by = quartz} and, like
 * {@code jobs resume}, a fresh schedule trigger from now, so the fires its pause withheld are not
 * replayed, unless its misfire policy is {@code catch_up} ({@link Pauses#restartSchedule}). Paused
 * trigger groups ({@code pauseAll}, {@code pauseTriggers}) are turned into the pauses of the jobs
 * they paused and then forgotten: Cronstone keeps pauses per job, and a trigger stored later in
 * such a group (a manual run, a retry) must not be born paused.
 */
final class QuartzPauses {
  /** Who a pause or resume made through a Quartz client is recorded as made by. */
  static final String QUARTZ = "quartz";

  /** How long a node's round waits for a sync or pause that holds the job lock: it tries later. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  private static final Set<String> PAUSED = Set.of("PAUSED", "PAUSED_BLOCKED");
  private static final Set<String> LIVE = Set.of("WAITING", "ACQUIRED", "BLOCKED");

  /**
   * Schedule triggers Quartz holds paused of jobs not recorded paused: read through Quartz's index
   * on (scheduler, group, state), so it costs what the paused triggers cost.
   */
  private static final String PAUSED_IN_QUARTZ =
      "SELECT j.job_id FROM QRTZ_TRIGGERS t JOIN cs_job j ON j.job_id = t.TRIGGER_NAME"
          + " WHERE t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ?"
          + " AND t.TRIGGER_STATE IN ('PAUSED', 'PAUSED_BLOCKED') AND j.paused = FALSE";

  /** Jobs recorded paused whose schedule trigger is live: read through the paused jobs' index. */
  private static final String RESUMED_IN_QUARTZ =
      "SELECT j.job_id FROM cs_job j JOIN QRTZ_TRIGGERS t"
          + " ON t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ? AND t.TRIGGER_NAME = j.job_id"
          + " WHERE j.paused = TRUE AND t.TRIGGER_STATE IN ('WAITING', 'ACQUIRED', 'BLOCKED')";

  private static final String PAUSED_GROUPS =
      "SELECT COUNT(*) FROM QRTZ_PAUSED_TRIGGER_GRPS WHERE SCHED_NAME = ?";

  private final Scheduler scheduler;
  private final JobTable table;
  private final DataSource dataSource;
  private final Clock clock;

  QuartzPauses(Scheduler scheduler, JobTable table, DataSource dataSource, Clock clock) {
    this.scheduler = scheduler;
    this.table = table;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * The pause a job has, from what is recorded and its schedule trigger's Quartz state (empty: it
   * has none); a pause or resume a Quartz client made and no node recorded yet reads as made by
   * {@value #QUARTZ}.
   */
  static PauseState effective(PauseState recorded, Optional<String> triggerState) {
    if (triggerState.isEmpty()) {
      return recorded;
    }
    if (!recorded.paused() && PAUSED.contains(triggerState.get())) {
      return new PauseState(
          true, Optional.of(QUARTZ), Optional.empty(), recorded.resumedBy(), recorded.resumedAt());
    }
    if (recorded.paused() && LIVE.contains(triggerState.get())) {
      return new PauseState(
          false, Optional.empty(), Optional.empty(), Optional.of(QUARTZ), Optional.empty());
    }
    return recorded;
  }

  /** {@link #effective(PauseState, Optional)} of a recorded flag alone. */
  static boolean effective(boolean recordedPaused, Optional<String> triggerState) {
    if (triggerState.isPresent() && PAUSED.contains(triggerState.get())) {
      return true;
    }
    if (triggerState.isPresent() && LIVE.contains(triggerState.get())) {
      return false;
    }
    return recordedPaused;
  }

  /**
   * One round, the synchronous step of a node's watch: cheap when there is nothing to record (one
   * read); otherwise takes the job lock (waiting up to {@link #LOCK_WAIT}) and records.
   *
   * @return what was recorded, in job id order
   * @throws SQLException also when the lock stayed held ({@link SyncLock#isLockTimeout})
   */
  List<PauseChange> recognise() throws SQLException, SchedulerException {
    if (differences().isEmpty() && pausedGroups() == 0) {
      return List.of();
    }
    try (SyncLock lock = SyncLock.acquire(dataSource, LOCK_WAIT)) {
      return recogniseLocked();
    }
  }

  /** The same with the job lock already held by the caller ({@link Pauses}). */
  List<PauseChange> recogniseLocked() throws SQLException, SchedulerException {
    List<PauseChange> changes = new ArrayList<>();
    for (Difference d : differences()) {
      if (d.quartzPaused()) {
        table.markPaused(d.jobId(), QUARTZ, clock.instant());
      } else {
        Pauses.restartSchedule(scheduler, d.jobId(), clock);
        table.markResumed(d.jobId(), QUARTZ, clock.instant());
      }
      changes.add(new PauseChange(d.jobId(), d.quartzPaused(), true));
    }
    if (pausedGroups() > 0) {
      forgetPausedGroups();
    }
    return changes;
  }

  /** A job whose recorded pause and schedule trigger disagree. */
  private record Difference(String jobId, boolean quartzPaused) {}

  private List<Difference> differences() throws SQLException {
    List<Difference> found = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      read(connection, PAUSED_IN_QUARTZ, true, found);
      read(connection, RESUMED_IN_QUARTZ, false, found);
    }
    found.sort(Comparator.comparing(Difference::jobId));
    return found;
  }

  private static void read(
      Connection connection, String sql, boolean quartzPaused, List<Difference> found)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, QuartzNames.SCHEDULER_NAME);
      select.setString(2, QuartzNames.JOB_GROUP);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(new Difference(rows.getString(1), quartzPaused));
        }
      }
    }
  }

  private int pausedGroups() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(PAUSED_GROUPS)) {
      select.setString(1, QuartzNames.SCHEDULER_NAME);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  /**
   * Deletes the paused-group rows under Quartz's own {@code TRIGGER_ACCESS} row lock, the lock
   * Quartz takes to write them.
   */
  private void forgetPausedGroups() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = ?"
                    + " FOR UPDATE")) {
          lock.setString(1, QuartzNames.SCHEDULER_NAME);
          lock.setString(2, "TRIGGER_ACCESS");
          lock.executeQuery().close();
        }
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM QRTZ_PAUSED_TRIGGER_GRPS WHERE SCHED_NAME = ?")) {
          delete.setString(1, QuartzNames.SCHEDULER_NAME);
          delete.executeUpdate();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }
}
