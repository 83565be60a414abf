package dev.cronstone.runs;

import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The misfire rule by period (docs/policies.md, "Misfire"): a scheduled fire that a node comes to
 * when the schedule's following fire time is already due is missed, however late it is against
 * Quartz's threshold, and the job's {@code schedule.misfire} decides what it becomes. A fire whose
 * following fire time is not due yet is late within its period and runs as it is. A pure function
 * of the schedule, the fire's instant and the node's clock.
 *
 * @param verdict what the missed fire becomes
 * @param following the schedule's fire time after it, already due
 * @param judgedAt when the node came to the fire (its clock)
 * @param latest the schedule's latest fire time due at {@code judgedAt}, which is late within its
 *     period: what runs in the place of a skipped fire
 * @param reason why, for the skipped run's error message or the catch-up run's event
 */
record PeriodMisfire(
    Verdict verdict, Instant following, Instant judgedAt, Instant latest, String reason) {
  /** How many fire times {@link #latest} is searched past the following one, at most. */
  static final int MAX_WALK = 100_000;

  /** What a missed fire becomes. */
  enum Verdict {
    /** Recorded as a {@code skipped} run ({@code job_skipped_misfire}), not run. */
    SKIP,
    /** Run as a {@code catch_up} run. */
    CATCH_UP
  }

  PeriodMisfire {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(following, "following");
    Objects.requireNonNull(judgedAt, "judgedAt");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * What the fire of {@code intended} becomes when a node comes to it at {@code now}; empty when it
   * is not missed (the schedule's following fire time is after {@code now}, or there is none).
   */
  static Optional<PeriodMisfire> judge(
      ScheduleSpec spec, Schedule schedule, Instant intended, Instant now) {
    Optional<FireTime> next = schedule.next(intended, now);
    if (next.isEmpty()) {
      return Optional.empty();
    }
    Instant following = next.get().instant();
    Instant latest = following;
    for (int walked = 0; walked < MAX_WALK; walked++) {
      Optional<FireTime> after = schedule.next(latest, now);
      if (after.isEmpty()) {
        break;
      }
      latest = after.get().instant();
    }
    String missed =
        "fire time "
            + intended
            + " was missed (the schedule's following fire time "
            + following
            + " was due too when the node came to it at "
            + now
            + "); ";
    return Optional.of(
        switch (spec.misfire()) {
          case SKIP ->
              skip(
                  following,
                  now,
                  latest,
                  missed
                      + "misfire policy skip: missed fire times are not run (the latest due fire"
                      + " time, "
                      + latest
                      + ", runs late)");
          case FIRE_ONCE_NOW ->
              skip(
                  following,
                  now,
                  latest,
                  missed
                      + "misfire policy fire_once_now runs only the latest due fire time, "
                      + latest);
          case CATCH_UP -> catchUp(spec, schedule, intended, now, following, latest, missed);
        });
  }

  /**
   * {@code catch_up}: replayed when within {@code catchUpWindow} of now and among the newest {@code
   * maxCatchUp} missed fire times. The missed fire times newer than this one are the schedule's
   * fire times up to now but the last (whose own following one is not due yet).
   */
  private static PeriodMisfire catchUp(
      ScheduleSpec spec,
      Schedule schedule,
      Instant intended,
      Instant now,
      Instant following,
      Instant latest,
      String missed) {
    if (intended.isBefore(now.minus(spec.catchUpWindow()))) {
      return skip(
          following,
          now,
          latest,
          missed
              + "misfire policy catch_up: older than catchUpWindow "
              + spec.catchUpWindow()
              + " before "
              + now);
    }
    int newerMissed = schedule.between(intended, now, spec.maxCatchUp() + 1).size() - 1;
    if (newerMissed >= spec.maxCatchUp()) {
      return skip(
          following,
          now,
          latest,
          missed
              + "misfire policy catch_up: beyond maxCatchUp "
              + spec.maxCatchUp()
              + " (the newest "
              + spec.maxCatchUp()
              + " in the window are replayed)");
    }
    return new PeriodMisfire(
        Verdict.CATCH_UP,
        following,
        now,
        latest,
        "catch_up: a missed fire time replayed (fire time "
            + intended
            + " missed; the schedule's following fire time "
            + following
            + " was due too at "
            + now
            + ")");
  }

  private static PeriodMisfire skip(Instant following, Instant now, Instant latest, String reason) {
    return new PeriodMisfire(Verdict.SKIP, following, now, latest, reason);
  }
}
