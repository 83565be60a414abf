package dev.cronstone.view;

import dev.cronstone.schedule.ScheduleWords;
import dev.cronstone.service.JobSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One job of a list (schema {@code JobItem}): a card of the console's grid, a row of jobs list. */
public record JobItem(
    String id,
    boolean enabled,
    boolean paused,
    List<String> schedule,
    Optional<String> timezone,
    String scheduleText,
    String task,
    Optional<Instant> nextFire,
    Optional<RunView> lastRun,
    Optional<Instant> lastSuccessAt,
    String owner,
    long version,
    Optional<String> source) {

  public static JobItem of(
      JobSummary s, Optional<RunView> lastRun, Optional<Instant> lastSuccessAt) {
    return new JobItem(
        s.id(),
        s.enabled(),
        s.paused(),
        s.schedule(),
        s.timezone(),
        ScheduleWords.describe(s.schedule()),
        s.task(),
        s.nextFire(),
        lastRun,
        lastSuccessAt,
        s.owner(),
        s.version(),
        s.source());
  }
}
