package dev.cronstone.runs;

import dev.cronstone.model.Misfire;
import dev.cronstone.model.ScheduleSpec;
import dev.cronstone.store.MissedFires;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the missed fire times of one misfire become under the job's {@code schedule.misfire}: each
 * listed instant is either recorded skipped, replayed ({@code catch_up}) or run now (the latest,
 * under {@code fire_once_now}). At most {@value #MAX_SKIPS_RECORDED} skips are recorded, the
 * newest; older ones are counted in {@code dropped} with those the trigger did not list. A pure
 * function.
 *
 * @param skips the instants recorded skipped, oldest first, each with why
 * @param replays the instants replayed as {@code catch_up} runs, oldest first
 * @param runNow the instant run now as the schedule's fire ({@code fire_once_now})
 * @param dropped missed instants neither run nor recorded
 */
record MisfirePlan(
    List<Skip> skips, List<Instant> replays, Optional<Instant> runNow, long dropped) {
  /** The most skipped runs one misfire records; the rest are counted in one event. */
  static final int MAX_SKIPS_RECORDED = 100;

  /** A missed instant recorded as a {@code skipped} run, and why. */
  record Skip(Instant at, String reason) {
    Skip {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }
  }

  MisfirePlan {
    skips = List.copyOf(skips);
    replays = List.copyOf(replays);
    Objects.requireNonNull(runNow, "runNow");
  }

  static MisfirePlan of(Optional<ScheduleSpec> schedule, MissedFires missed) {
    Misfire policy = schedule.map(ScheduleSpec::misfire).orElse(ScheduleSpec.DEFAULT_MISFIRE);
    List<Instant> listed = missed.listed();
    List<Skip> skips = new ArrayList<>();
    List<Instant> replays = new ArrayList<>();
    Optional<Instant> runNow = Optional.empty();
    switch (policy) {
      case SKIP ->
          listed.forEach(
              at -> skips.add(new Skip(at, "misfire policy skip: missed fire times are not run")));
      case FIRE_ONCE_NOW -> {
        if (!listed.isEmpty()) {
          runNow = Optional.of(listed.get(listed.size() - 1));
          String why =
              "misfire policy fire_once_now runs only the latest missed fire time, " + runNow.get();
          listed.subList(0, listed.size() - 1).forEach(at -> skips.add(new Skip(at, why)));
        }
      }
      case CATCH_UP -> {
        ScheduleSpec s = schedule.orElseThrow();
        Instant oldest = missed.firedAt().minus(s.catchUpWindow());
        List<Instant> inWindow = listed.stream().filter(at -> !at.isBefore(oldest)).toList();
        List<Instant> kept =
            inWindow.subList(Math.max(0, inWindow.size() - s.maxCatchUp()), inWindow.size());
        for (Instant at : listed) {
          if (at.isBefore(oldest)) {
            skips.add(
                new Skip(
                    at,
                    "misfire policy catch_up: older than catchUpWindow "
                        + s.catchUpWindow()
                        + " before "
                        + missed.firedAt()));
          } else if (!kept.contains(at)) {
            skips.add(
                new Skip(
                    at,
                    "misfire policy catch_up: beyond maxCatchUp "
                        + s.maxCatchUp()
                        + " (the newest "
                        + s.maxCatchUp()
                        + " in the window are replayed)"));
          }
        }
        replays.addAll(kept);
      }
      default -> throw new IllegalStateException("unknown misfire policy " + policy);
    }
    int over = Math.max(0, skips.size() - MAX_SKIPS_RECORDED);
    return new MisfirePlan(
        skips.subList(over, skips.size()), replays, runNow, missed.dropped() + over);
  }
}
