package dev.cronstone.sync;

import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.Problem;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.model.SpecJson;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.CronstoneTriggers;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.QuartzNames;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * A spec as Quartz holds it: a durable job ({@link QuartzJob}) plus one {@link CronstoneTrigger}
 * with all the schedule's expressions when the job is enabled and scheduled. A disabled or
 * manual-only job has no trigger, so it never fires by itself.
 */
final class SpecTranslator {
  /** {@code QRTZ_JOB_DETAILS.DESCRIPTION} is VARCHAR(250). */
  static final int MAX_DESCRIPTION = 250;

  private SpecTranslator() {}

  /**
   * The Quartz job and, when it should fire by itself, its trigger (its first fire time not yet
   * computed). A schedule that never fires after {@code now} (its last year has passed) gets no
   * trigger: Quartz refuses one.
   *
   * @throws InvalidSpecException when the schedule does not fit the store (its expressions take
   *     more than {@value CronstoneTrigger#MAX_EXPRESSIONS_TEXT} characters)
   */
  static Translation translate(JobSpec spec, Instant now) {
    QuartzJob job =
        new QuartzJob(
            spec.id(),
            spec.description().map(SpecTranslator::shortened),
            spec.recover(),
            SpecJson.contentHash(spec),
            SpecJson.canonicalJson(spec));
    Optional<CronstoneTrigger> trigger =
        spec.enabled()
            ? spec.schedule().filter(s -> firesAfter(s, now)).map(s -> trigger(spec, s, now))
            : Optional.empty();
    return new Translation(job, trigger);
  }

  /** True when a job of this spec should have a schedule trigger in the store at {@code now}. */
  static boolean expectsTrigger(JobSpec spec, Instant now) {
    return spec.enabled() && spec.schedule().filter(s -> firesAfter(s, now)).isPresent();
  }

  private static boolean firesAfter(ScheduleSpec schedule, Instant now) {
    return schedule.toSchedule().next(now).isPresent();
  }

  private static CronstoneTrigger trigger(JobSpec spec, ScheduleSpec schedule, Instant now) {
    MisfirePolicy misfire = MisfirePolicy.ofSpecName(schedule.misfire().specName());
    try {
      return CronstoneTriggers.forSchedule(
              QuartzNames.jobKey(spec.id()), schedule.cron(), schedule.timezone(), misfire)
          .startAt(Date.from(now))
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(
          "the schedule of " + spec.id() + " does not fit the store",
          spec.id(),
          List.of(new Problem("schedule.cron", e.getMessage())));
    }
  }

  private static String shortened(String description) {
    String oneLine = description.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_DESCRIPTION
        ? oneLine
        : oneLine.substring(0, MAX_DESCRIPTION - 1) + "…";
  }

  /** A job's Quartz form. */
  record Translation(QuartzJob job, Optional<CronstoneTrigger> trigger) {}
}
