package dev.cronstone.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.ledger.Run;
import dev.cronstone.service.JobPage;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobSummary;
import dev.cronstone.service.JobView;
import dev.cronstone.service.RunService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reads behind {@code GET /api/v1/jobs}, {@code jobs list}, {@code GET /api/v1/jobs/{id}} and
 * {@code jobs show}: one place, so that both answer the same thing.
 */
public final class JobAnswers {
  /** How many of a job's latest runs its detail lists. */
  public static final int RECENT_RUNS = 10;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JobAnswers() {}

  /** A page of at most {@code limit} jobs after {@code cursor}, each with its last run. */
  public static JobList list(JobService jobs, RunService runs, int limit, Optional<String> cursor) {
    JobPage page = jobs.list(limit, cursor);
    List<String> ids = page.jobs().stream().map(JobSummary::id).toList();
    Map<String, Run> latest = ids.isEmpty() ? Map.of() : runs.latest(ids);
    Map<String, Run> succeeded = ids.isEmpty() ? Map.of() : runs.lastSuccess(ids);
    List<JobItem> items = new ArrayList<>();
    for (JobSummary job : page.jobs()) {
      items.add(
          JobItem.of(
              job,
              Optional.ofNullable(latest.get(job.id())).map(RunView::of),
              Optional.ofNullable(succeeded.get(job.id())).flatMap(Run::endedAt)));
    }
    return new JobList(items, page.nextCursor());
  }

  /**
   * Job {@code id} in full; its spec's secrets are masked with what {@code env} resolves its
   * references to (see {@link SpecRedaction}).
   */
  public static JobDetail detail(
      JobService jobs,
      RunService runs,
      String id,
      Function<String, Optional<String>> env,
      Clock clock) {
    JobView job = jobs.show(id);
    List<RunView> recent =
        runs.history(id, RECENT_RUNS, Optional.empty()).stream().map(RunView::of).toList();
    return JobDetail.of(
        job,
        maskedSpec(job, env, clock),
        recent,
        runs.lastSuccess(id).flatMap(Run::endedAt),
        jobs.downstream(id));
  }

  /** The stored spec with its secrets masked (see {@link SpecRedaction}). */
  public static JsonNode maskedSpec(
      JobView job, Function<String, Optional<String>> env, Clock clock) {
    return SpecRedaction.stored(job.id(), job.specJson(), env, clock);
  }
}
