package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.service.JobService;
import dev.cronstone.service.VersionPage;
import dev.cronstone.sync.JobEdits;
import dev.cronstone.sync.VersionCheck;
import dev.cronstone.view.Deletion;
import dev.cronstone.view.EnabledChange;
import dev.cronstone.view.JobDetail;
import dev.cronstone.view.VersionList;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The writes of store-owned jobs (docs/api.md, "Creating and editing jobs"): {@code PUT} and {@code
 * DELETE /api/v1/jobs/{id}}, {@code POST …/enable} and {@code …/disable}, and {@code GET
 * …/versions}. The job's version is its ETag; {@code If-Match} (and {@code If-None-Match: *} on a
 * PUT) make a write conditional. Recorded with the token's name as who saved it.
 */
final class JobEditEndpoints {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

  private final JobService jobs;
  private final JobEndpoints reads;
  private final Function<String, Optional<String>> env;
  private final Clock clock;

  JobEditEndpoints(
      JobService jobs, JobEndpoints reads, Function<String, Optional<String>> env, Clock clock) {
    this.jobs = jobs;
    this.reads = reads;
    this.env = env;
    this.clock = clock;
  }

  void routes(Router router, String prefix) {
    router
        .add("PUT", prefix + "/jobs/{id}", this::put)
        .add("DELETE", prefix + "/jobs/{id}", this::delete)
        .add("POST", prefix + "/jobs/{id}/enable", call -> enabled(call, true))
        .add("POST", prefix + "/jobs/{id}/disable", call -> enabled(call, false))
        .add("GET", prefix + "/jobs/{id}/versions", this::versions);
  }

  private void put(Call call) throws Exception {
    String id = call.param("id");
    byte[] body = call.body(Limits.BODY_BYTES);
    VersionCheck check = putCheck(call);
    boolean json = call.contentType().toLowerCase(Locale.ROOT).contains("json");
    SpecFile file = new SpecLoader(clock).parseFor(id, json ? "spec.json" : "spec.yaml", body);
    JobSpec spec = file.spec().orElseThrow(file::exception);
    JobEdits.Saved saved = jobs.save(spec, check, call.who());
    JobDetail detail = reads.detail(id);
    call.header("ETag", etag(detail.version()));
    if (saved.created()) {
      call.header("Location", Limits.PREFIX + "/jobs/" + id);
    }
    call.json(saved.created() ? 201 : 200, detail);
  }

  private void delete(Call call) {
    String id = call.param("id");
    JobEdits.Deleted deleted = jobs.delete(id, ifMatch(call), call.who());
    call.json(200, Deletion.of(deleted.jobId(), deleted.version()));
  }

  private void enabled(Call call, boolean enabled) {
    String id = call.param("id");
    JobEdits.Saved saved = jobs.setEnabled(id, enabled, ifMatch(call), call.who());
    call.header("ETag", etag(saved.version()));
    call.json(200, new EnabledChange(id, enabled, saved.changed(), saved.version()));
  }

  private void versions(Call call) {
    String id = call.param("id");
    int limit = call.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Optional<Long> before =
        call.query("cursor")
            .filter(c -> !c.isEmpty())
            .map(c -> call.longQuery("cursor", 0, 1, Long.MAX_VALUE));
    VersionPage page = jobs.versions(id, limit, before);
    call.json(200, VersionList.of(page, env, clock));
  }

  /** {@code If-Match} and {@code If-None-Match: *} of a PUT (not both). */
  private static VersionCheck putCheck(Call call) {
    Optional<String> noneMatch = call.header("If-None-Match").map(String::strip);
    if (noneMatch.isEmpty()) {
      return ifMatch(call);
    }
    if (call.header("If-Match").isPresent()) {
      throw CronstoneException.invalidArgument(
          "If-None-Match", "cannot be sent with If-Match: send one of them");
    }
    if (!noneMatch.get().equals("*")) {
      throw CronstoneException.invalidArgument(
          "If-None-Match", "must be * (create only when the job does not exist)");
    }
    return VersionCheck.noJob();
  }

  /** {@code If-Match: <version>} (as the ETag sends it, quoted or not) or {@code *}. */
  static VersionCheck ifMatch(Call call) {
    Optional<String> header = call.header("If-Match").map(String::strip);
    if (header.isEmpty()) {
      return VersionCheck.none();
    }
    if (header.get().equals("*")) {
      return VersionCheck.anyVersion();
    }
    Matcher m = VERSION.matcher(header.get());
    if (!m.matches()) {
      throw CronstoneException.invalidArgument(
          "If-Match",
          "must be a version of the job as its ETag says (e.g. \"3\") or *, got '"
              + (header.get().length() > 40 ? header.get().substring(0, 40) + "…" : header.get())
              + "'");
    }
    return VersionCheck.version(Long.parseLong(m.group(1)));
  }

  /** The ETag of a job's version: {@code "3"}. */
  static String etag(long version) {
    return "\"" + version + "\"";
  }
}
