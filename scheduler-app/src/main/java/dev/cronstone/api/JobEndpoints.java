package dev.cronstone.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.api.JobAnswers.JobDetail;
import dev.cronstone.api.JobAnswers.JobItem;
import dev.cronstone.api.JobAnswers.JobList;
import dev.cronstone.api.RunViews.RunView;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.service.JobPage;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobSummary;
import dev.cronstone.service.JobView;
import dev.cronstone.service.RunService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code /api/v1/jobs}: list, get, run now (or replay), pause, resume. */
final class JobEndpoints {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final JobService jobs;
  private final RunService runs;
  private final Function<String, Optional<String>> env;
  private final Clock clock;

  JobEndpoints(
      JobService jobs, RunService runs, Function<String, Optional<String>> env, Clock clock) {
    this.jobs = jobs;
    this.runs = runs;
    this.env = env;
    this.clock = clock;
  }

  void routes(Router router, String prefix) {
    router
        .add("GET", prefix + "/jobs", this::list)
        .add("GET", prefix + "/jobs/{id}", this::get)
        .add("POST", prefix + "/jobs/{id}/run", this::run)
        .add("POST", prefix + "/jobs/{id}/pause", this::pause)
        .add("POST", prefix + "/jobs/{id}/resume", this::resume);
  }

  private void list(Call call) {
    int limit = call.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    JobPage page = jobs.list(limit, call.query("cursor").filter(c -> !c.isEmpty()));
    List<String> ids = page.jobs().stream().map(JobSummary::id).toList();
    Map<String, Run> latest = runs.latest(ids);
    Map<String, Run> succeeded = runs.lastSuccess(ids);
    List<JobItem> items = new ArrayList<>();
    for (JobSummary job : page.jobs()) {
      items.add(
          JobItem.of(
              job,
              Optional.ofNullable(latest.get(job.id())).map(RunView::of),
              Optional.ofNullable(succeeded.get(job.id())).flatMap(Run::endedAt)));
    }
    call.json(200, new JobList(items, page.nextCursor()));
  }

  private void get(Call call) {
    JobDetail job = detail(call.param("id"));
    call.header("ETag", JobEditEndpoints.etag(job.version()));
    call.json(200, job);
  }

  /** The job as {@code GET /api/v1/jobs/{id}} answers it. */
  JobDetail detail(String id) {
    JobView job = jobs.show(id);
    return JobDetail.of(job, spec(job), lastRun(id), lastSuccess(id));
  }

  private void run(Call call) throws Exception {
    String id = call.param("id");
    Optional<Instant> fireTime = RunRequest.parse(call.body(Limits.BODY_BYTES)).fireTime();
    Run run;
    try {
      run =
          fireTime.isPresent()
              ? runs.replay(id, fireTime.get(), call.who())
              : runs.runNow(id, call.who());
    } catch (CronstoneException e) {
      throw RunRequest.inApiTerms(e);
    }
    call.header("Location", Limits.PREFIX + "/jobs/" + id + "/runs/" + run.id().runNo());
    call.json(202, RunView.of(run));
  }

  private void pause(Call call) {
    call.json(200, jobs.pause(call.param("id"), call.who()));
  }

  private void resume(Call call) {
    call.json(200, jobs.resume(call.param("id"), call.who()));
  }

  private Optional<RunView> lastRun(String jobId) {
    return runs.latest(jobId).map(RunView::of);
  }

  private Optional<Instant> lastSuccess(String jobId) {
    return runs.lastSuccess(jobId).flatMap(Run::endedAt);
  }

  /** The stored spec with its secrets masked (see {@link SpecRedaction}). */
  private JsonNode spec(JobView job) {
    return SpecRedaction.stored(job.id(), job.specJson(), env, clock);
  }
}
