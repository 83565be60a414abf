package dev.cronstone.runs;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.ledger.RunId;
import dev.cronstone.metrics.StoreErrors;
import dev.cronstone.store.JobData;
import dev.cronstone.store.QuartzNames;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Retries as one-shot Quartz triggers persisted in the store (docs/policies.md, "Retry"), so a
 * retry survives the node that scheduled it: any node of the cluster fires it. The trigger is
 * {@code cronstone.retries / <runId>/<attemptNo>} on the job, with the run's number in its job
 * data; the node that fires it finds the run waiting for a retry in the ledger and starts a {@code
 * retry} attempt. A late trigger (every node was down) fires as soon as a node can.
 */
public final class RetryTriggers implements RetryTrigger {
  private final Scheduler scheduler;

  public RetryTriggers(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  public static TriggerKey key(RunId run, int attemptNo) {
    return new TriggerKey(run + "/" + attemptNo, QuartzNames.RETRIES_GROUP);
  }

  @Override
  public void schedule(RunId run, int attemptNo, Instant at) {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(key(run, attemptNo))
            .forJob(QuartzNames.jobKey(run.jobId()))
            .usingJobData(JobData.RUN_NO, Long.toString(run.runNo()))
            .usingJobData(JobData.RETRY_ATTEMPT, Integer.toString(attemptNo))
            .startAt(Date.from(at))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException e) {
      // already arranged: its trigger is in the store
    } catch (SchedulerException e) {
      StoreErrors.record(StoreErrors.Source.QUARTZ);
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot schedule attempt " + attemptNo + " of run " + run + ": " + e.getMessage(),
          run.jobId(),
          List.of(),
          e);
    }
  }
}
