package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.service.JobService;
import dev.cronstone.service.RunService;
import dev.cronstone.view.JobAnswers;
import dev.cronstone.view.JobDetail;
import dev.cronstone.view.RunView;
import java.time.Clock;
import java.time.Instant;
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
    call.json(
        200, JobAnswers.list(jobs, runs, limit, call.query("cursor").filter(c -> !c.isEmpty())));
  }

  private void get(Call call) {
    JobDetail job = detail(call.param("id"));
    call.header("ETag", JobEditEndpoints.etag(job.version()));
    call.json(200, job);
  }

  /** The job as {@code GET /api/v1/jobs/{id}} answers it. */
  JobDetail detail(String id) {
    return JobAnswers.detail(jobs, runs, id, env, clock);
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
}
