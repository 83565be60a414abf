package dev.cronstone.store;

import java.time.ZoneId;
import java.util.List;
import org.quartz.JobKey;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Builds the one trigger of a job's schedule, named like its job. */
public final class CronstoneTriggers {
  private CronstoneTriggers() {}

  /**
   * A builder for the trigger of {@code jobKey}'s schedule: all its expressions, its zone and its
   * misfire policy. Add {@code startAt(...)} if it must not fire before some time, then build.
   *
   * @throws IllegalArgumentException when an expression does not parse or they do not fit the store
   */
  public static TriggerBuilder<CronstoneTrigger> forSchedule(
      JobKey jobKey, List<String> expressions, ZoneId zone, MisfirePolicy misfire) {
    return TriggerBuilder.newTrigger()
        .withIdentity(TriggerKey.triggerKey(jobKey.getName(), jobKey.getGroup()))
        .forJob(jobKey)
        .withSchedule(CronstoneScheduleBuilder.of(expressions, zone, misfire));
  }
}
