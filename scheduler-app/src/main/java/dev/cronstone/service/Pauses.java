package dev.cronstone.service;

import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.sync.SyncLock;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * An operator's pause (docs/policies.md, "Pause and enabled"): Quartz's {@code pauseJob}/{@code
 * resumeJob} on the store, which every node obeys, plus {@code cs_job.paused} with who and when,
 * which sync keeps across updates. Runs under {@link SyncLock}, so a sync never replaces a trigger
 * between the two. Quartz first, the row last; repeating the command sets Quartz again, so it also
 * repairs. A resume does not replay the fires missed while paused, unless the job's misfire policy
 * is {@code catch_up}. A pause or resume a Quartz client made ({@link QuartzPauses}) is recorded
 * first, so that what follows starts from it.
 */
final class Pauses {
  private final Scheduler scheduler;
  private final JobTable table;
  private final DataSource dataSource;
  private final Clock clock;
  private final QuartzPauses quartz;

  Pauses(Scheduler scheduler, JobTable table, DataSource dataSource, Clock clock) {
    this.scheduler = scheduler;
    this.table = table;
    this.dataSource = dataSource;
    this.clock = clock;
    this.quartz = new QuartzPauses(scheduler, table, dataSource, clock);
  }

  /**
   * Pauses and resumes a Quartz client made and no node recorded yet ({@link QuartzPauses}); the
   * caller holds no lock.
   */
  List<PauseChange> recogniseQuartz() throws SQLException, SchedulerException {
    return quartz.recognise();
  }

  PauseChange one(String jobId, boolean pause, String who) throws SQLException, SchedulerException {
    try (SyncLock lock = SyncLock.acquire(dataSource, SyncLock.DEFAULT_WAIT)) {
      quartz.recogniseLocked();
      boolean wasPaused =
          table.row(jobId).orElseThrow(() -> new JobNotFoundException(jobId)).pause().paused();
      return set(jobId, wasPaused, pause, who);
    }
  }

  /**
   * A pause by {@code policy} (docs/policies.md, "Pause after failures"), under the same lock as
   * {@link #one}: made only when the job is still not paused and no resume came after the one its
   * decision read ({@code resumedAt}); so two nodes deciding at once pause it once.
   *
   * @return whether this call paused the job
   */
  boolean byPolicy(String jobId, java.util.Optional<java.time.Instant> resumedAt)
      throws SQLException, SchedulerException {
    try (SyncLock lock = SyncLock.acquire(dataSource, SyncLock.DEFAULT_WAIT)) {
      quartz.recogniseLocked();
      java.util.Optional<JobRow> row = table.row(jobId);
      if (row.isEmpty()
          || row.get().pause().paused()
          || !row.get().pause().resumedAt().equals(resumedAt)) {
        return false;
      }
      return set(jobId, false, true, PolicyPauses.WHO).changed();
    }
  }

  List<PauseChange> all(boolean pause, String who) throws SQLException, SchedulerException {
    try (SyncLock lock = SyncLock.acquire(dataSource, SyncLock.DEFAULT_WAIT)) {
      quartz.recogniseLocked();
      List<PauseChange> changes = new ArrayList<>();
      for (JobRow.Pause job : table.pauses()) {
        changes.add(set(job.jobId(), job.paused(), pause, who));
      }
      return changes;
    }
  }

  /**
   * A resumed job fires next at its first fire time after the resume: the fires it missed while
   * paused are not replayed (Quartz alone would fire every one missed within the misfire threshold,
   * in a burst). The schedule trigger is replaced by a fresh one starting now. A job whose misfire
   * policy is {@code catch_up} keeps its trigger as the pause left it: its policy replays the
   * missed fires, bounded by {@code catchUpWindow} and {@code maxCatchUp}.
   */
  static void restartSchedule(Scheduler scheduler, String jobId, Clock clock)
      throws SchedulerException {
    TriggerKey key = QuartzNames.scheduleTriggerKey(jobId);
    Trigger current = scheduler.getTrigger(key);
    if (current == null
        || current instanceof CronstoneTrigger ours
            && ours.getMisfirePolicy() == MisfirePolicy.CATCH_UP) {
      return;
    }
    scheduler.rescheduleJob(
        key, current.getTriggerBuilder().startAt(Date.from(clock.instant())).build());
  }

  private PauseChange set(String jobId, boolean wasPaused, boolean pause, String who)
      throws SQLException, SchedulerException {
    if (pause) {
      scheduler.pauseJob(QuartzNames.jobKey(jobId));
      if (!wasPaused) {
        table.markPaused(jobId, who, clock.instant());
      }
    } else {
      if (wasPaused) {
        restartSchedule(scheduler, jobId, clock);
      }
      scheduler.resumeJob(QuartzNames.jobKey(jobId));
      if (wasPaused) {
        table.markResumed(jobId, who, clock.instant());
      }
    }
    return new PauseChange(jobId, pause, wasPaused != pause);
  }
}
