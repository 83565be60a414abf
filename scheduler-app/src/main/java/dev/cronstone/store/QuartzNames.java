package dev.cronstone.store;

import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Every name Cronstone gives things in Quartz's tables: the scheduler, the groups of jobs and
 * triggers, the keys of a job and of its schedule trigger, and the job class. Sync writes these
 * rows, the node fires them, the services read them: all take the names from here. The job data
 * keys are in {@link JobData}.
 */
public final class QuartzNames {
  /** {@code SCHED_NAME} in every {@code QRTZ_} table: the one logical scheduler of a store. */
  public static final String SCHEDULER_NAME = "cronstone";

  /** The group of every Cronstone job and of its schedule trigger. */
  public static final String JOB_GROUP = "cronstone";

  /** The group of the one-shot triggers of manual runs, replays and slots. */
  public static final String RUNS_GROUP = "cronstone.runs";

  /** The group of retry triggers. */
  public static final String RETRIES_GROUP = "cronstone.retries";

  /**
   * {@code QRTZ_JOB_DETAILS.JOB_CLASS_NAME} of every Cronstone job: {@code
   * dev.cronstone.execution.CronstoneJob}, from the {@code cronstone-quartz} artifact a Quartz
   * client puts on its classpath (docs/quartz-interop.md); named, not referenced (a test checks the
   * name against the class).
   */
  public static final String JOB_CLASS_NAME = "dev.cronstone.execution.CronstoneJob";

  private QuartzNames() {}

  /** Whether Cronstone names a trigger group so: {@code cronstone} or {@code cronstone.*}. */
  public static boolean isCronstoneGroup(String group) {
    return JOB_GROUP.equals(group) || group != null && group.startsWith(JOB_GROUP + ".");
  }

  /**
   * Whether a fire of a Cronstone job comes from a trigger a Quartz client stored (its {@code
   * triggerJob}, or a trigger of its own for the job), not from Cronstone: such a fire is a request
   * for a manual run (docs/quartz-interop.md). A trigger Quartz made to recover a fire of a node
   * that died counts as the trigger it recovers.
   */
  public static boolean requestedThroughQuartz(Trigger trigger) {
    String group = trigger.getKey().getGroup();
    if (Scheduler.DEFAULT_RECOVERY_GROUP.equals(group)) {
      group = trigger.getJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP);
      if (group == null) {
        return false;
      }
    }
    return !isCronstoneGroup(group);
  }

  /** The Quartz key of a job id. */
  public static JobKey jobKey(String jobId) {
    return JobKey.jobKey(jobId, JOB_GROUP);
  }

  /** The key of a job's schedule trigger: the job's own name and group. */
  public static TriggerKey scheduleTriggerKey(String jobId) {
    return TriggerKey.triggerKey(jobId, JOB_GROUP);
  }
}
