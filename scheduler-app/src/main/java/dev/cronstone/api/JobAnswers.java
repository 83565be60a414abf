package dev.cronstone.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.api.RunViews.RunView;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.ScheduleWords;
import dev.cronstone.service.JobSummary;
import dev.cronstone.service.JobView;
import dev.cronstone.service.PauseState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jobs as the API answers them (schemas in docs/openapi.yaml). */
final class JobAnswers {
  private JobAnswers() {}

  /** One card of the job grid. */
  record JobItem(
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
    static JobItem of(JobSummary s, Optional<RunView> lastRun, Optional<Instant> lastSuccess) {
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
          lastSuccess,
          s.owner(),
          s.version(),
          s.source());
    }
  }

  record JobList(List<JobItem> jobs, Optional<String> nextCursor) {}

  /** One upcoming fire: the instant, the zone's wall time, and whether the DST gap shifted it. */
  record Fire(Instant instant, String local, boolean shifted) {
    static Fire of(FireTime f) {
      return new Fire(
          f.instant(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(f.zoned()), f.shifted());
    }
  }

  record JobDetail(
      String id,
      Optional<String> description,
      Optional<String> source,
      boolean enabled,
      boolean paused,
      PauseState pause,
      List<String> schedule,
      Optional<String> timezone,
      String scheduleText,
      String task,
      String specHash,
      Instant createdAt,
      Instant updatedAt,
      Optional<String> syncedBy,
      Optional<Instant> nextFire,
      List<Fire> upcoming,
      Optional<RunView> lastRun,
      Optional<Instant> lastSuccessAt,
      JsonNode spec,
      String owner,
      long version) {
    static JobDetail of(
        JobView job, JsonNode spec, Optional<RunView> lastRun, Optional<Instant> lastSuccess) {
      List<String> schedule = expressions(spec.path("schedule").path("cron"));
      boolean fires = job.enabled() && !job.pause().paused();
      return new JobDetail(
          job.id(),
          Optional.ofNullable(spec.path("description").asText(null)),
          job.source(),
          job.enabled(),
          job.pause().paused(),
          job.pause(),
          schedule,
          Optional.ofNullable(spec.path("schedule").path("timezone").asText(null)),
          ScheduleWords.describe(schedule),
          spec.path("task").path("type").asText("unknown"),
          job.specHash(),
          job.createdAt(),
          job.updatedAt(),
          job.syncedBy(),
          fires ? job.upcoming().stream().findFirst().map(FireTime::instant) : Optional.empty(),
          job.upcoming().stream().map(Fire::of).toList(),
          lastRun,
          lastSuccess,
          spec,
          job.owner(),
          job.version());
    }

    private static List<String> expressions(JsonNode cron) {
      List<String> out = new ArrayList<>();
      if (cron.isTextual()) {
        out.add(cron.asText());
      } else if (cron.isArray()) {
        cron.forEach(c -> out.add(c.asText()));
      }
      return out;
    }
  }
}
