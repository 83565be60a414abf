package dev.cronstone.runs;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.ledger.RunId;
import dev.cronstone.metrics.StoreErrors;
import dev.cronstone.store.JobData;
import dev.cronstone.store.QuartzNames;
import java.time.Clock;
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
 * Starts a job's waiting run as a one-shot Quartz trigger in the store, {@code cronstone.runs /
 * <runId>/slot} with the run's number in its job data (as {@code jobs run} does): whichever node of
 * the cluster picks it up starts the run. A trigger already pending for the run is enough.
 */
public final class SlotTriggers implements SlotTrigger {
  private final Scheduler scheduler;
  private final Clock clock;

  public SlotTriggers(Scheduler scheduler, Clock clock) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static TriggerKey key(RunId run) {
    return new TriggerKey(run + "/slot", QuartzNames.RUNS_GROUP);
  }

  @Override
  public void start(RunId run) {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(key(run))
            .forJob(QuartzNames.jobKey(run.jobId()))
            .usingJobData(JobData.RUN_NO, Long.toString(run.runNo()))
            .startAt(Date.from(clock.instant()))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException e) {
      // a start of this run is already pending: one fire is all it needs
    } catch (SchedulerException e) {
      StoreErrors.record(StoreErrors.Source.QUARTZ);
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot start the waiting run " + run + ": " + e.getMessage(),
          run.jobId(),
          List.of(),
          e);
    }
  }
}
