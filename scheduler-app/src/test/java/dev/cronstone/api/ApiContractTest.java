package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.api.ApiClient.Answer;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real node over real HTTP, on every store (H2, PostgreSQL): each answer, success
 * and error, is checked against docs/openapi.yaml, and at the end every operation of the contract
 * must have been seen with a success and (where it declares one) an error.
 */
abstract class ApiContractTest {
  static final String TOKEN = "test-token-0123456789";
  static final String OPS_TOKEN = "ops-token-9876543210";
  static final String SECRET = "s3cr3t-value-from-env";
  static final String JOBS = "/api/v1/jobs";
  static final String JOB = "/api/v1/jobs/{id}";
  static final String RUN_JOB = "/api/v1/jobs/{id}/run";
  static final String RUNS = "/api/v1/jobs/{id}/runs";
  static final String BACKFILL = "/api/v1/jobs/{id}/backfill";
  static final String BACKFILLS = "/api/v1/jobs/{id}/backfills";
  static final String RUN = "/api/v1/jobs/{id}/runs/{runNo}";
  static final String CANCEL = "/api/v1/jobs/{id}/runs/{runNo}/cancel";
  static final String EVENTS = "/api/v1/jobs/{id}/runs/{runNo}/events";
  static final String STREAM = "/api/v1/jobs/{id}/runs/{runNo}/events/stream";
  static final String OUTPUT = "/api/v1/runs/{runId}/output";
  static final String OUTPUT_STREAM = "/api/v1/runs/{runId}/output/stream";
  static final String SCHEMA = "/api/v1/schema/job-spec.json";
  static final Duration WAIT = Duration.ofSeconds(60);

  private static OpenApiContract contract;

  @TempDir Path dir;
  Node node;
  ApiClient api;

  protected abstract DatabaseExtension db();

  @BeforeAll
  static void contract() {
    contract = new OpenApiContract();
  }

  /**
   * The one error of {@code /health/ready} (503, the store is down) needs a store that goes away:
   * {@code PostgresStoreOutageTest} checks it against the contract through a proxy it cuts.
   */
  @AfterAll
  static void every_operation_was_checked_with_a_success_and_an_error() {
    // The job-edits operations are JobEditApiContractTest's.
    assertThat(contract.uncoveredOutside("job-edits"))
        .as("operations of docs/openapi.yaml not exercised")
        .containsOnly("GET /health/ready (no error checked)");
  }

  private Instant nodeStarted;

  @BeforeEach
  void startNode() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    write(
        jobs,
        "hello",
        "schedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: echo, args: { message: hello } }\n");
    write(
        jobs,
        "every5",
        "schedule: { cron: \"*/5 * * * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    write(
        jobs,
        "slow",
        "task: { type: builtin, name: sleep, args: { duration: PT60S } }\n"
            + "limits: { timeout: PT2M }\n");
    write(
        jobs,
        "secretive",
        "task:\n"
            + "  type: http\n"
            + "  url: \"http://user:hunter22@127.0.0.1:9/x?token=abc123\"\n"
            + "  headers: { Authorization: \"Bearer literal-secret\", X-Ref: \"${env:API_SECRET}\""
            + " }\n");
    write(
        jobs,
        "talk",
        "task:\n  type: command\n  command: [\"/bin/sh\", \"-c\", \"echo first; echo token"
            + " $T; sleep 2; echo oops >&2; exit 3\"]\n  env: { T: \"${env:API_SECRET}\" }\n");
    TestDatabase db = db().database();
    var store = db.storeConfig();
    Path config = dir.resolve("scheduler.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 5 }
        cluster: { nodeId: api-test, checkinInterval: PT1S }
        scheduler: { threads: 4, shutdownGrace: PT1S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: "%s", tokens: [ { name: ops, token: "%s" } ] }
        """
            .formatted(
                store.url(),
                store.user(),
                store.password(),
                jobs,
                dir.resolve("runs"),
                TOKEN,
                OPS_TOKEN));
    Map<String, String> env = Map.of("API_SECRET", SECRET);
    NodeConfig nodeConfig = new ConfigLoader(n -> Optional.ofNullable(env.get(n))).load(config);
    nodeStarted = Instant.now();
    node = Node.start(nodeConfig, Clock.systemUTC(), n -> Optional.ofNullable(env.get(n)));
    api = new ApiClient(node.api().uri(), contract, TOKEN);
  }

  private static void write(Path jobs, String id, String rest) throws Exception {
    Files.writeString(jobs.resolve(id + ".yaml"), "id: " + id + "\n" + rest);
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void health_is_open_and_ready_when_the_store_answers() {
    ApiClient open = api.as(null);
    assertThat(open.get("/health/live").status()).isEqualTo(200);
    Answer ready = open.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    Answer metrics = open.raw("GET", "/metrics", null, null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body()).doesNotContain(TOKEN);
  }

  @Test
  void everything_under_api_needs_a_known_bearer_token() {
    for (String token : new String[] {null, "wrong-token", ""}) {
      Answer answer = api.as(token).get(JOBS);
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.code()).isEqualTo("unauthorized");
    }
    Answer basic = api.as(null).send("GET", JOBS, JOBS, null, null);
    assertThat(basic.status()).isEqualTo(401);
    assertThat(api.as(null).raw("GET", "/api/v1/no-such-thing", null, null).status())
        .isEqualTo(401);
    assertThat(api.as(OPS_TOKEN).get(JOBS).status()).isEqualTo(200);
  }

  @Test
  void jobs_list_in_pages_with_the_schedule_in_words() {
    Answer first = api.get(JOBS + "?limit=2");
    assertThat(first.status()).isEqualTo(200);
    JsonNode page = first.json();
    assertThat(ids(page.path("jobs"))).containsExactly("every5", "hello");
    assertThat(page.path("nextCursor").asText()).isEqualTo("hello");
    Answer second = api.get(JOBS + "?limit=2&cursor=hello");
    assertThat(ids(second.json().path("jobs"))).containsExactly("secretive", "slow");
    assertThat(second.json().path("nextCursor").asText()).isEqualTo("slow");
    Answer third = api.get(JOBS + "?limit=2&cursor=slow");
    assertThat(ids(third.json().path("jobs"))).containsExactly("talk");
    assertThat(third.json().has("nextCursor")).isFalse();
    JsonNode every5 = page.path("jobs").get(0);
    assertThat(every5.path("scheduleText").asText()).isEqualTo("every 5 minutes");
    assertThat(every5.path("timezone").asText()).isEqualTo("UTC");
    assertThat(every5.has("nextFire")).isTrue();
    assertThat(page.path("jobs").get(1).path("scheduleText").asText())
        .isEqualTo("at 02:30 every day");

    assertThat(api.get(JOBS + "?limit=0").code()).isEqualTo("invalid_argument");
    Answer notNumber = api.get(JOBS + "?limit=many");
    assertThat(notNumber.status()).isEqualTo(400);
    assertThat(notNumber.json().path("error").path("details").get(0).path("path").asText())
        .isEqualTo("limit");
  }

  @Test
  void a_job_shows_its_spec_with_secrets_masked_and_its_next_fires() {
    Answer hello = api.get(JOB, "hello");
    assertThat(hello.status()).isEqualTo(200);
    assertThat(hello.json().path("upcoming")).hasSize(5);
    assertThat(hello.json().path("spec").path("id").asText()).isEqualTo("hello");

    Answer secretive = api.get(JOB, "secretive");
    assertThat(secretive.status()).isEqualTo(200);
    assertThat(secretive.body())
        .doesNotContain("hunter22")
        .doesNotContain("abc123")
        .doesNotContain("literal-secret")
        .doesNotContain(SECRET)
        .contains("${env:API_SECRET}");
    assertThat(secretive.json().path("scheduleText").asText()).isEqualTo("manual only");

    Answer unknown = api.get(JOB, "no-such-job");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("job_not_found");
  }

  @Test
  void run_now_queues_a_run_that_succeeds_recorded_with_the_token_name() {
    Answer queued = api.post(RUN_JOB, "hello");
    assertThat(queued.status()).isEqualTo(202);
    long runNo = queued.json().path("runNo").asLong();
    assertThat(queued.json().path("requestedBy").asText()).isEqualTo("api");
    assertThat(queued.header("Location")).contains("/api/v1/jobs/hello/runs/" + runNo);

    JsonNode run = awaitTerminal("hello", runNo);
    assertThat(run.path("status").asText()).isEqualTo("succeeded");
    assertThat(run.path("attempts")).hasSize(1);

    Answer runs = api.get(RUNS + "?status=succeeded", "hello");
    assertThat(runs.status()).isEqualTo(200);
    assertThat(runs.json().path("runs")).hasSize(1);
    assertThat(api.get(RUNS + "?status=failed", "hello").json().path("runs")).isEmpty();
    assertThat(api.get(RUNS + "?status=done", "hello").code()).isEqualTo("invalid_argument");
    assertThat(api.get(RUNS, "no-such-job").status()).isEqualTo(404);

    Answer events = api.get(EVENTS + "?after=0&limit=100", "hello", runNo);
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.json().path("terminal").asBoolean()).isTrue();
    List<String> types = new ArrayList<>();
    events.json().path("events").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types).first().isEqualTo("run.queued");
    assertThat(api.get(EVENTS + "?after=-1", "hello", runNo).status()).isEqualTo(400);

    Answer job = api.get(JOB, "hello");
    assertThat(job.json().path("lastRun").path("runNo").asLong()).isEqualTo(runNo);
    assertThat(job.json().has("lastSuccessAt")).isTrue();
    JsonNode listed = api.get(JOBS).json().path("jobs");
    assertThat(listed.get(1).path("lastRun").path("status").asText()).isEqualTo("succeeded");
    assertThat(listed.get(1).has("lastSuccessAt")).isTrue();
    // every5 fires at every fifth minute (UTC): it can have run only when one began since its node
    // started (a CI run crossed 01:55:00), and then only as its schedule's run.
    boolean fifthMinuteSinceStart =
        nodeStarted.getEpochSecond() / 300 != Instant.now().getEpochSecond() / 300;
    if (fifthMinuteSinceStart) {
      assertThat(listed.get(0).path("lastRun").path("kind").asText("scheduled"))
          .isEqualTo("scheduled");
    } else {
      assertThat(listed.get(0).has("lastRun")).as("every5 has not run").isFalse();
    }

    assertThat(api.get(RUN, "hello", 999).status()).isEqualTo(404);
    assertThat(api.get(RUN, "hello", "x").status()).isEqualTo(400);
    assertThat(api.get(EVENTS, "hello", 999).status()).isEqualTo(404);
    assertThat(api.post(RUN_JOB, "no-such-job").status()).isEqualTo(404);
  }

  @Test
  void the_event_stream_replays_and_follows_a_run_to_its_end() throws Exception {
    long runNo = api.post(RUN_JOB, "hello").json().path("runNo").asLong();
    String path = ApiClient.path(STREAM, "hello", runNo);
    HttpResponse<Stream<String>> response = api.stream(STREAM, path, Optional.empty());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> lines;
    try (Stream<String> body = response.body()) {
      lines = body.toList();
    }
    List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
    assertThat(lines).contains("event: end");
    assertThat(data.get(0)).contains("\"type\":\"run.queued\"");
    assertThat(data.get(data.size() - 1)).contains("\"status\":\"succeeded\"");
    long ids = lines.stream().filter(l -> l.startsWith("id: ")).count();
    assertThat(ids).isEqualTo(data.size() - 1);

    HttpResponse<Stream<String>> replay = api.stream(STREAM, path, Optional.of("1"));
    try (Stream<String> body = replay.body()) {
      List<String> again = body.filter(l -> l.startsWith("id: ")).toList();
      assertThat(again).hasSize((int) ids - 1).first().isEqualTo("id: 2");
    }
    Answer missing = api.get(STREAM, "hello", 999);
    assertThat(missing.status()).isEqualTo(404);
    Answer badId = api.send("GET", STREAM, path + "?after=x", null, null);
    assertThat(badId.status()).isEqualTo(400);
  }

  @Test
  void a_run_output_is_read_in_pages_by_stream_with_secrets_masked() {
    long runNo = api.post(RUN_JOB, "talk").json().path("runNo").asLong();
    String runId = "talk%23" + runNo;
    assertThat(awaitTerminal("talk", runNo).path("status").asText()).isEqualTo("failed");

    Answer all = api.get(OUTPUT, runId);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("runId").asText()).isEqualTo("talk#" + runNo);
    assertThat(all.json().path("attempt").asInt()).isEqualTo(1);
    assertThat(all.json().path("attemptEnded").asBoolean()).isTrue();
    assertThat(all.json().path("text").asText()).isEqualTo("first\ntoken ***\noops\n");
    assertThat(all.body()).doesNotContain(SECRET);
    JsonNode chunks = all.json().path("chunks");
    assertThat(chunks.get(chunks.size() - 1).path("stream").asText()).isEqualTo("stderr");

    Answer stderr = api.get(OUTPUT + "?stream=stderr&attempt=1", runId);
    assertThat(stderr.json().path("text").asText()).isEqualTo("oops\n");
    int next = all.json().path("nextOffset").asInt();
    Answer after = api.get(OUTPUT + "?offset=" + next, runId);
    assertThat(after.json().path("text").asText()).isEmpty();
    assertThat(after.json().path("nextOffset").asInt()).isEqualTo(next);
    Answer first = api.get(OUTPUT + "?limit=1", runId);
    assertThat(first.json().path("text").asText()).startsWith("first\n").doesNotContain("oops");

    assertThat(api.get(OUTPUT + "?stream=both", runId).code()).isEqualTo("invalid_argument");
    assertThat(api.get(OUTPUT + "?attempt=2", runId).status()).isEqualTo(400);
    assertThat(api.get(OUTPUT, "talk%23999").status()).isEqualTo(404);
    assertThat(api.get(OUTPUT, "talk").status()).isEqualTo(400);
  }

  @Test
  void the_output_stream_follows_an_attempt_while_it_runs_until_it_ends() throws Exception {
    long runNo = api.post(RUN_JOB, "talk").json().path("runNo").asLong();
    String path = ApiClient.path(OUTPUT_STREAM, "talk%23" + runNo);
    HttpResponse<Stream<String>> response = api.stream(OUTPUT_STREAM, path, Optional.empty());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> lines = new ArrayList<>();
    boolean liveSeen = false;
    try (Stream<String> body = response.body()) {
      for (String line : (Iterable<String>) body::iterator) {
        lines.add(line);
        if (line.startsWith("data: ") && line.contains("first")) {
          liveSeen =
              !api.get(RUN, "talk", runNo).json().path("terminal").asBoolean(); // still running
        }
      }
    }
    assertThat(liveSeen).as("the first line came while the task ran").isTrue();
    assertThat(lines).contains("event: stdout", "event: stderr", "event: end");
    assertThat(String.join("\n", lines)).doesNotContain(SECRET).contains("token ***");
    assertThat(lines.get(lines.size() - 2)).startsWith("data: ").contains("\"attempt\":1");

    String lastId =
        lines.stream().filter(l -> l.startsWith("id: ")).reduce((a, b) -> b).orElseThrow();
    HttpResponse<Stream<String>> replay =
        api.stream(OUTPUT_STREAM, path, Optional.of(lastId.substring(4)));
    try (Stream<String> body = replay.body()) {
      assertThat(body.filter(l -> l.startsWith("data: ")).toList())
          .hasSize(1)
          .allMatch(l -> l.contains("\"attempt\":1") && !l.contains("oops"));
    }
    assertThat(api.get(OUTPUT_STREAM, "talk%23999").status()).isEqualTo(404);
  }

  @Test
  void pause_and_resume_are_recorded_with_the_token_name() {
    Answer paused = api.as(OPS_TOKEN).post("/api/v1/jobs/{id}/pause", "every5");
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().path("paused").asBoolean()).isTrue();
    JsonNode job = api.get(JOB, "every5").json();
    assertThat(job.path("paused").asBoolean()).isTrue();
    assertThat(job.path("pause").path("pausedBy").asText()).isEqualTo("ops");
    assertThat(job.has("nextFire")).isFalse();

    Answer resumed = api.post("/api/v1/jobs/{id}/resume", "every5");
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().path("paused").asBoolean()).isFalse();
    assertThat(api.get(JOB, "every5").json().path("pause").path("resumedBy").asText())
        .isEqualTo("api");

    assertThat(api.post("/api/v1/jobs/{id}/pause", "no-such-job").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/jobs/{id}/resume", "no-such-job").status()).isEqualTo(404);
  }

  @Test
  void cancel_stops_a_running_run() {
    long runNo = api.post(RUN_JOB, "slow").json().path("runNo").asLong();
    await("slow running")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.get(RUN, "slow", runNo).json().path("status").asText().equals("running"));
    Answer cancel = api.as(OPS_TOKEN).post(CANCEL, "slow", runNo);
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(cancel.json().path("requestedBy").asText()).isEqualTo("ops");
    JsonNode run = awaitTerminal("slow", runNo);
    assertThat(run.path("status").asText()).isEqualTo("cancelled");
    assertThat(run.path("reason").asText()).isEqualTo("operator");

    Answer again = api.post(CANCEL, "slow", runNo);
    assertThat(again.status()).isEqualTo(400);
    assertThat(api.post(CANCEL, "slow", 999).status()).isEqualTo(404);
  }

  @Test
  void a_backfill_queues_each_instant_once_and_the_nodes_run_them() {
    String range = "\"from\": \"2026-03-27T00:00:00Z\", \"to\": \"2026-03-31T00:00:00Z\"";
    Answer dry =
        api.postBody(
            "application/json", bytes("{" + range + ", \"dryRun\": true}"), BACKFILL, "hello");
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().path("instants")).hasSize(4);
    assertThat(dry.json().path("instants").get(3).asText()).isEqualTo("2026-03-30T00:30:00Z");
    assertThat(dry.json().has("backfillId")).isFalse();

    Answer created = api.postBody("application/json", bytes("{" + range + "}"), BACKFILL, "hello");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    assertThat(created.json().path("created")).hasSize(4);
    long backfillId = created.json().path("backfillId").asLong();
    Answer again = api.postBody("application/json", bytes("{" + range + "}"), BACKFILL, "hello");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("created")).isEmpty();
    assertThat(again.json().path("present")).hasSize(4);

    await()
        .atMost(WAIT)
        .until(
            () ->
                api.get(BACKFILLS, "hello").json().path("backfills").get(0).path("ended").asInt()
                    == 4);
    JsonNode listed = api.get(BACKFILLS, "hello").json().path("backfills");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("backfillId").asLong()).isEqualTo(backfillId);
    assertThat(listed.get(0).path("byStatus").path("succeeded").asInt()).isEqualTo(4);
    JsonNode grouped = api.get(RUNS + "?backfill=" + backfillId, "hello").json();
    assertThat(grouped.path("runs")).hasSize(4);
    assertThat(grouped.path("runs").findValues("backfillId"))
        .extracting(JsonNode::asLong)
        .containsOnly(backfillId);
    assertThat(api.get(RUNS + "?backfill=" + (backfillId + 1), "hello").json().path("runs"))
        .isEmpty();
    assertThat(path(api.get(RUNS + "?backfill=x", "hello"))).isEqualTo("backfill");
    JsonNode run = api.get(RUN, "hello", 1).json();
    assertThat(run.path("kind").asText()).isEqualTo("backfill");
    assertThat(run.path("backfillId").asLong()).isEqualTo(backfillId);
    assertThat(run.path("requestedBy").asText()).isEqualTo("api");

    Answer tooMany =
        api.postBody("application/json", bytes("{" + range + ", \"max\": 3}"), BACKFILL, "hello");
    assertThat(path(tooMany)).isEqualTo("max");
    assertThat(tooMany.code()).isEqualTo("invalid_argument");
    assertThat(path(api.postBody("application/json", bytes("{\"from\": 1}"), BACKFILL, "hello")))
        .isEqualTo("from");
    assertThat(api.get(BACKFILLS, "nope").status()).isEqualTo(404);
    assertThat(
            api.postBody("application/json", bytes("{" + range + "}"), BACKFILL, "nope").status())
        .isEqualTo(404);
  }

  @Test
  void run_bodies_are_checked_strictly() {
    Answer badJson = api.postBody("application/json", bytes("{\"fireTime\":"), RUN_JOB, "hello");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.code()).isEqualTo("invalid_argument");
    assertThat(badJson.body()).doesNotContain("at com.").doesNotContain("Exception");
    Answer wrongType =
        api.postBody("application/json", bytes("{\"fireTime\": 5}"), RUN_JOB, "hello");
    assertThat(path(wrongType)).isEqualTo("fireTime");
    Answer unknown =
        api.postBody("application/json", bytes("{\"when\": \"now\"}"), RUN_JOB, "hello");
    assertThat(path(unknown)).isEqualTo("when");
    Answer notAFire =
        api.postBody(
            "application/json",
            bytes("{\"fireTime\": \"2026-01-01T00:00:07Z\"}"),
            RUN_JOB,
            "hello");
    assertThat(notAFire.status()).isEqualTo(400);
    assertThat(path(notAFire)).isEqualTo("fireTime");
    Answer huge =
        api.postBody("application/json", new byte[Limits.BODY_BYTES + 10], RUN_JOB, "hello");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.code()).isEqualTo("invalid_argument");
  }

  @Test
  void a_posted_spec_is_validated_with_every_problem_and_its_path() {
    Answer valid =
        api.postBody(
            "application/yaml",
            bytes(
                "id: ok\nschedule: { cron: \"0 1 * * *\", timezone: UTC }\n"
                    + "task: { type: builtin, name: noop }\n"),
            "/api/v1/validate");
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.json().path("valid").asBoolean()).isTrue();
    assertThat(valid.json().path("jobId").asText()).isEqualTo("ok");
    assertThat(valid.json().path("scheduleText").asText()).isNotBlank();
    assertThat(valid.json().path("upcoming")).hasSize(5);
    valid
        .json()
        .path("upcoming")
        .forEach(f -> assertThat(f.path("local").asText()).contains("T01:00:00Z"));

    Answer invalid =
        api.postBody(
            "application/json",
            bytes(
                "{\"id\": \"bad\", \"schedule\": {\"cron\": \"30 25 * * *\", \"timezone\":"
                    + " \"EST\"}, \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}"),
            "/api/v1/validate");
    assertThat(invalid.status()).isEqualTo(200);
    assertThat(invalid.json().path("valid").asBoolean()).isFalse();
    JsonNode error = invalid.json().path("error");
    assertThat(error.path("code").asText()).isEqualTo("job_invalid_spec");
    List<String> paths = new ArrayList<>();
    error.path("details").forEach(d -> paths.add(d.path("path").asText()));
    assertThat(paths).contains("schedule.timezone");
    assertThat(invalid.json().has("scheduleText")).isFalse();
    assertThat(invalid.json().has("upcoming")).isFalse();

    Answer huge =
        api.postBody("application/yaml", new byte[Limits.BODY_BYTES + 1], "/api/v1/validate");
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void the_job_spec_schema_is_served_as_the_file_in_docs() throws Exception {
    Answer schema = api.get(SCHEMA);
    assertThat(schema.status()).isEqualTo(200);
    assertThat(schema.contentType()).startsWith("application/schema+json");
    assertThat(schema.body())
        .isEqualTo(Files.readString(Path.of("../docs/job-spec.schema.json")))
        .contains("\"batchSize\"");
    assertThat(schema.json().path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");

    Answer anonymous = api.as(null).get(SCHEMA);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("batchSize");
  }

  @Test
  void nodes_lists_this_node_alive() {
    Answer nodes = api.get("/api/v1/nodes");
    assertThat(nodes.status()).isEqualTo(200);
    List<String> alive = new ArrayList<>();
    nodes
        .json()
        .path("nodes")
        .forEach(
            n -> {
              if (n.path("alive").asBoolean()) {
                alive.add(n.path("nodeId").asText());
              }
            });
    assertThat(alive).contains("api-test");
    assertThat(api.as("nope").get("/api/v1/nodes").status()).isEqualTo(401);
  }

  @Test
  void unknown_routes_and_wrong_methods_get_the_envelope() {
    Answer unknown = api.raw("GET", "/api/v1/nope", null, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("job_not_found");
    Answer wrong = api.raw("DELETE", "/api/v1/jobs", null, null);
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.header("Allow")).contains("GET");
    assertThat(wrong.code()).isEqualTo("invalid_argument");
    assertThat(api.raw("PUT", "/health/live", null, null).status()).isEqualTo(405);
    assertThat(api.raw("GET", "/no-such-file.js", null, null).status()).isEqualTo(404);
  }

  @Test
  void the_console_is_served_at_the_root_with_a_content_security_policy() {
    Answer root = api.as(null).raw("GET", "/", null, null);
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.contentType()).startsWith("text/html");
    assertThat(root.header("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    assertThat(root.header("Access-Control-Allow-Origin")).isEmpty();
    for (String path :
        List.of(
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/.hidden.js",
            "/dev/cronstone/api/ApiServer.class",
            "/logback.xml")) {
      int status = api.as(null).raw("GET", path, null, null).status();
      assertThat(status).as(path).isIn(400, 404);
    }
  }

  private JsonNode awaitTerminal(String jobId, long runNo) {
    await(jobId + "#" + runNo + " ended")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.get(RUN, jobId, runNo).json().path("terminal").asBoolean());
    return api.get(RUN, jobId, runNo).json();
  }

  private static List<String> ids(JsonNode jobs) {
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(j.path("id").asText()));
    return ids;
  }

  private static String path(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    return answer.json().path("error").path("details").get(0).path("path").asText();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
