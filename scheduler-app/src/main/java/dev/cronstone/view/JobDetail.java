package dev.cronstone.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.ScheduleWords;
import dev.cronstone.service.AfterLink;
import dev.cronstone.service.JobView;
import dev.cronstone.service.PauseState;
import dev.cronstone.service.TriggerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job in full (schema {@code JobDetail}): its state, its Quartz triggers, the schedule
 * calculator's next fires, its most recent runs (newest first), its spec with secrets masked, the
 * jobs it runs after ({@code upstream}, from its spec's {@code after}) and the jobs that run after
 * it ({@code downstream}).
 */
public record JobDetail(
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
    boolean inQuartz,
    List<TriggerView> triggers,
    Optional<Instant> nextFire,
    List<Fire> upcoming,
    Optional<RunView> lastRun,
    Optional<Instant> lastSuccessAt,
    List<RunView> recentRuns,
    JsonNode spec,
    String owner,
    long version,
    List<AfterLink> upstream,
    List<AfterLink> downstream) {

  /**
   * {@code job} with its masked {@code spec}, its {@code recentRuns} (newest first: the first is
   * its last run) and the end of its last successful run.
   */
  public static JobDetail of(
      JobView job,
      JsonNode spec,
      List<RunView> recentRuns,
      Optional<Instant> lastSuccessAt,
      List<AfterLink> downstream) {
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
        job.inQuartz(),
        job.triggers(),
        fires ? job.upcoming().stream().findFirst().map(FireTime::instant) : Optional.empty(),
        job.upcoming().stream().map(Fire::of).toList(),
        recentRuns.stream().findFirst(),
        lastSuccessAt,
        recentRuns,
        spec,
        job.owner(),
        job.version(),
        upstream(spec.path("after")),
        List.copyOf(downstream));
  }

  private static List<AfterLink> upstream(JsonNode after) {
    List<AfterLink> out = new ArrayList<>();
    after.forEach(a -> out.add(new AfterLink(a.path("job").asText(), a.path("on").asText())));
    return out;
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
