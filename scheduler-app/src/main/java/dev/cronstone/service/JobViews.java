package dev.cronstone.service;

import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.QuartzNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

/** Builds {@link JobView}s from a {@code cs_job} row and the job's Quartz triggers. */
final class JobViews {
  static final int UPCOMING = 5;

  private JobViews() {}

  static JobView of(JobRow row, Scheduler scheduler, Clock clock) throws SchedulerException {
    boolean inQuartz = scheduler.checkExists(QuartzNames.jobKey(row.id()));
    List<TriggerView> triggers = new ArrayList<>();
    Optional<String> scheduleState = Optional.empty();
    if (inQuartz) {
      for (Trigger trigger : scheduler.getTriggersOfJob(QuartzNames.jobKey(row.id()))) {
        String state = scheduler.getTriggerState(trigger.getKey()).name();
        triggers.add(trigger(trigger, state));
        if (trigger.getKey().equals(QuartzNames.scheduleTriggerKey(row.id()))) {
          scheduleState = Optional.of(storedState(state));
        }
      }
    }
    return new JobView(
        row.id(),
        row.specJson(),
        row.specHash(),
        row.source(),
        row.enabled(),
        QuartzPauses.effective(row.pause(), scheduleState),
        row.createdAt(),
        row.updatedAt(),
        row.syncedBy(),
        inQuartz,
        triggers,
        upcoming(row, clock));
  }

  /**
   * The stored state of a trigger from Quartz's API answer ({@code Trigger.TriggerState}): {@code
   * PAUSED} covers {@code PAUSED_BLOCKED}, {@code NORMAL} covers {@code WAITING} and {@code
   * ACQUIRED}.
   */
  private static String storedState(String apiState) {
    return switch (apiState) {
      case "NORMAL" -> "WAITING";
      default -> apiState;
    };
  }

  private static TriggerView trigger(Trigger trigger, String state) {
    Optional<CronstoneTrigger> ours =
        trigger instanceof CronstoneTrigger c ? Optional.of(c) : Optional.empty();
    return new TriggerView(
        trigger.getKey().getName(),
        ours.isPresent() ? "cronstone" : trigger.getClass().getSimpleName(),
        state,
        instant(trigger.getNextFireTime()),
        instant(trigger.getPreviousFireTime()),
        ours.map(c -> c.getMisfirePolicy().specName()),
        ours.map(CronstoneTrigger::getExpressions).orElse(List.of()),
        ours.map(c -> c.getZone().getId()));
  }

  /**
   * The calculator's next fires of the stored spec; none when it no longer reads (a newer node
   * wrote it).
   */
  private static List<FireTime> upcoming(JobRow row, Clock clock) {
    SpecFile stored =
        new SpecLoader(clock)
            .parse(row.id() + ".json", row.specJson().getBytes(StandardCharsets.UTF_8));
    Instant now = clock.instant();
    return stored
        .spec()
        .flatMap(s -> s.schedule())
        .map(s -> s.toSchedule().upcoming(now, UPCOMING))
        .orElse(List.of());
  }

  private static Optional<Instant> instant(Date date) {
    return Optional.ofNullable(date).map(Date::toInstant);
  }
}
