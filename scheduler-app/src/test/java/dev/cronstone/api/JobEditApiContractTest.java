package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.api.ApiClient.Answer;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.node.Node;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.VersionCheck;
import dev.cronstone.testing.DatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating and editing store-owned jobs through the API of a real node, on every store: {@code
 * PUT}/{@code DELETE /api/v1/jobs/{id}}, enable, disable and versions, with {@code If-Match}, the
 * ownership rules, and a running node firing what was saved. Every answer is checked against
 * docs/openapi.yaml, and every operation tagged {@code job-edits} must be seen with a success and
 * an error.
 */
abstract class JobEditApiContractTest {
  static final String TOKEN = "edit-token-0123456789";
  static final String OPS_TOKEN = "ops-token-9876543210";
  static final String SECRET = "s3cr3t-value-from-env";
  static final String JOB = "/api/v1/jobs/{id}";
  static final String VERSIONS = "/api/v1/jobs/{id}/versions";
  static final String ENABLE = "/api/v1/jobs/{id}/enable";
  static final String DISABLE = "/api/v1/jobs/{id}/disable";
  static final String RUNS = "/api/v1/jobs/{id}/runs";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String EVERY_SECOND =
      "schedule: { cron: \"* * * * * ?\", timezone: UTC }\ntask: { type: builtin, name: noop }\n";

  private static OpenApiContract contract;

  @TempDir Path dir;
  Path jobs;
  NodeConfig config;
  Node node;
  ApiClient api;

  protected abstract DatabaseExtension db();

  @BeforeAll
  static void contract() {
    contract = new OpenApiContract();
  }

  @AfterAll
  static void every_job_edit_operation_was_checked_with_a_success_and_an_error() {
    assertThat(contract.uncoveredTagged("job-edits"))
        .as("job-edits operations of docs/openapi.yaml not exercised")
        .isEmpty();
  }

  @BeforeEach
  void startNode() throws Exception {
    jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("filed.yaml"),
        "id: filed\nschedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    var store = db().database().storeConfig();
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(
        file,
        """
        store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 5 }
        cluster: { nodeId: edit-test, checkinInterval: PT1S }
        scheduler: { threads: 4, shutdownGrace: PT1S }
        jobs: { dir: "%s", rescanInterval: PT1S }
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
    config = new ConfigLoader(n -> Optional.ofNullable(env.get(n))).load(file);
    node = Node.start(config, Clock.systemUTC(), n -> Optional.ofNullable(env.get(n)));
    api = new ApiClient(node.api().uri(), contract, TOKEN);
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void a_put_creates_a_store_owned_job_that_the_running_node_fires() {
    Answer created = put("ticker", EVERY_SECOND, Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("ETag")).contains("\"1\"");
    assertThat(created.header("Location")).contains("/api/v1/jobs/ticker");
    JsonNode job = created.json();
    assertThat(job.path("id").asText()).isEqualTo("ticker");
    assertThat(job.path("owner").asText()).isEqualTo("store");
    assertThat(job.path("version").asLong()).isEqualTo(1);
    assertThat(job.has("source")).isFalse();
    assertThat(job.path("syncedBy").asText()).isEqualTo("api");

    assertThat(api.get(JOB, "ticker").header("ETag")).contains("\"1\"");
    JsonNode listed = api.get("/api/v1/jobs").json().path("jobs");
    assertThat(listed.get(1).path("id").asText()).isEqualTo("ticker");
    assertThat(listed.get(1).path("owner").asText()).isEqualTo("store");
    assertThat(listed.get(0).path("owner").asText()).isEqualTo("file");
    assertThat(listed.get(0).path("source").asText()).endsWith("filed.yaml");

    awaitSucceededRun("ticker");
  }

  @Test
  void a_job_saved_by_another_process_fires_on_the_running_node() {
    JobSpec spec =
        new SpecLoader(Clock.systemUTC())
            .parse("other.yaml", bytes("id: other\n" + EVERY_SECOND))
            .spec()
            .orElseThrow();
    try (JobService other = JobService.open(config, Clock.systemUTC(), AdminStore.Use.WRITE)) {
      assertThat(other.save(spec, VersionCheck.noJob(), "cli:someone").created()).isTrue();
    }
    awaitSucceededRun("other");
    JsonNode versions = api.get(VERSIONS, "other").json().path("versions");
    assertThat(versions.get(0).path("savedBy").asText()).isEqualTo("cli:someone");
  }

  @Test
  void if_match_refuses_a_stale_version_and_every_save_is_a_version() {
    String v1 =
        "task:\n  type: http\n  url: \"http://127.0.0.1:9/a\"\n"
            + "  headers: { X-Ref: \"${env:API_SECRET}\", Api-Token: literal-token-value }\n";
    assertThat(put("edited", v1, Map.of()).status()).isEqualTo(201);
    String v2 = v1.replace("/a", "/b");
    Answer second =
        api.as(OPS_TOKEN)
            .send(
                "PUT",
                JOB,
                "/api/v1/jobs/edited",
                "application/yaml",
                bytes(v2),
                Map.of("If-Match", "\"1\""));
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.header("ETag")).contains("\"2\"");

    Answer stale = put("edited", v1.replace("/a", "/c"), Map.of("If-Match", "\"1\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.code()).isEqualTo("version_conflict");
    assertThat(stale.json().at("/error/details/0/path").asText()).isEqualTo("version");
    JsonNode now = api.get(JOB, "edited").json();
    assertThat(now.path("version").asLong()).isEqualTo(2);
    assertThat(now.at("/spec/task/url").asText()).endsWith("/b");

    Answer same = put("edited", v2, Map.of("If-Match", "2"));
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json().path("version").asLong()).as("no change, no version").isEqualTo(2);
    assertThat(put("edited", v2, Map.of("If-None-Match", "*")).code())
        .isEqualTo("version_conflict");
    assertThat(put("created-only", EVERY_SECOND, Map.of("If-Match", "*")).status()).isEqualTo(412);
    assertThat(api.get(JOB, "created-only").status()).isEqualTo(404);
    Answer garbage = put("edited", v2, Map.of("If-Match", "yesterday"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.json().at("/error/details/0/path").asText()).isEqualTo("If-Match");

    Answer versions = api.get(VERSIONS, "edited");
    assertThat(versions.status()).isEqualTo(200);
    JsonNode list = versions.json().path("versions");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("version").asLong()).isEqualTo(2);
    assertThat(list.get(0).path("savedBy").asText()).isEqualTo("ops");
    assertThat(list.get(0).path("owner").asText()).isEqualTo("store");
    assertThat(list.get(1).path("savedBy").asText()).isEqualTo("api");
    assertThat(list.get(1).at("/spec/task/url").asText()).endsWith("/a");
    assertThat(list.get(0).path("savedAt").asText()).isNotEmpty();
    assertThat(versions.body())
        .contains("${env:API_SECRET}")
        .doesNotContain(SECRET)
        .doesNotContain("literal-token-value");

    Answer first = api.get(VERSIONS + "?limit=1", "edited");
    assertThat(first.json().path("nextCursor").asText()).isEqualTo("2");
    Answer older = api.get(VERSIONS + "?limit=1&cursor=2", "edited");
    assertThat(older.json().at("/versions/0/version").asLong()).isEqualTo(1);
    assertThat(older.json().has("nextCursor")).isFalse();
    assertThat(api.get(VERSIONS + "?limit=0", "edited").status()).isEqualTo(400);
    assertThat(api.get(VERSIONS, "no-such-job").status()).isEqualTo(404);
  }

  @Test
  void a_file_owned_job_refuses_every_write_with_409_and_has_its_history() {
    JsonNode filed = api.get(JOB, "filed").json();
    assertThat(filed.path("owner").asText()).isEqualTo("file");
    assertThat(filed.path("version").asLong()).isEqualTo(1);
    assertThat(filed.path("source").asText()).endsWith("filed.yaml");

    Answer put = put("filed", EVERY_SECOND, Map.of());
    assertThat(put.status()).isEqualTo(409);
    assertThat(put.code()).isEqualTo("job_file_owned");
    assertThat(put.json().at("/error/jobId").asText()).isEqualTo("filed");
    assertThat(api.send("DELETE", JOB, "/api/v1/jobs/filed", null, null).code())
        .isEqualTo("job_file_owned");
    assertThat(api.post(DISABLE, "filed").status()).isEqualTo(409);
    assertThat(api.post(ENABLE, "filed").status()).isEqualTo(409);
    assertThat(api.get(JOB, "filed").json().at("/spec/schedule/cron/0").asText())
        .isEqualTo("30 2 * * *");

    JsonNode versions = api.get(VERSIONS, "filed").json().path("versions");
    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).path("owner").asText()).isEqualTo("file");
    assertThat(versions.get(0).path("savedBy").asText()).startsWith("file:").endsWith("filed.yaml");
    assertThat(versions.get(0).path("source").asText()).endsWith("filed.yaml");
  }

  @Test
  void an_invalid_spec_is_refused_with_the_validators_codes_and_paths_and_changes_nothing() {
    Answer bad =
        put(
            "broken",
            "schedule: { cron: \"30 25 * * *\", timezone: EST }\n"
                + "task: { type: builtin, name: noop }\n",
            Map.of());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.code()).isEqualTo("job_invalid_spec");
    assertThat(paths(bad)).contains("schedule.timezone", "schedule.cron");
    assertThat(api.get(JOB, "broken").status()).isEqualTo(404);

    assertThat(put("kept", EVERY_SECOND, Map.of()).status()).isEqualTo(201);
    Answer otherId = put("kept", "id: not-kept\n" + EVERY_SECOND, Map.of());
    assertThat(otherId.status()).isEqualTo(422);
    assertThat(paths(otherId)).containsExactly("id");
    Answer json =
        api.send(
            "PUT",
            JOB,
            "/api/v1/jobs/kept",
            "application/json",
            bytes("{\"task\": {\"type\": \"builtin\", \"name\": \"nope\"}, \"extra\": 1}"),
            Map.of());
    assertThat(json.status()).isEqualTo(422);
    assertThat(paths(json)).contains("task.name", "extra");
    Answer huge =
        api.send(
            "PUT",
            JOB,
            "/api/v1/jobs/kept",
            "application/yaml",
            new byte[Limits.BODY_BYTES + 1],
            Map.of());
    assertThat(huge.status()).isEqualTo(413);
    JsonNode kept = api.get(JOB, "kept").json();
    assertThat(kept.path("version").asLong()).isEqualTo(1);
    assertThat(kept.at("/spec/task/name").asText()).isEqualTo("noop");
  }

  @Test
  void after_naming_an_unknown_job_or_closing_a_cycle_is_refused_and_the_view_lists_the_links() {
    String noop = "task: { type: builtin, name: noop }\n";
    Answer unknown = put("child", "after: [{ job: nobody }]\n" + noop, Map.of());
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.code()).isEqualTo("job_invalid_spec");
    assertThat(paths(unknown)).containsExactly("after[0].job");
    assertThat(unknown.json().at("/error/details/0/problem").asText())
        .startsWith("after_unknown_job: ");

    assertThat(put("parent", noop, Map.of()).status()).isEqualTo(201);
    assertThat(put("child", "after: [{ job: parent, on: always }]\n" + noop, Map.of()).status())
        .isEqualTo(201);
    Answer cycle = put("parent", "after: [{ job: child }]\n" + noop, Map.of());
    assertThat(cycle.status()).isEqualTo(422);
    assertThat(paths(cycle)).containsExactly("after[0].job");
    assertThat(cycle.json().at("/error/details/0/problem").asText())
        .startsWith("after_cycle: ")
        .contains("parent -> child -> parent");

    JsonNode parent = api.get(JOB, "parent").json();
    assertThat(parent.path("version").asLong()).isEqualTo(1);
    assertThat(parent.at("/downstream/0/job").asText()).isEqualTo("child");
    assertThat(parent.at("/downstream/0/on").asText()).isEqualTo("always");
    assertThat(api.get(JOB, "child").json().at("/upstream/0/job").asText()).isEqualTo("parent");
  }

  @Test
  void disable_enable_and_delete_are_versioned_writes_and_the_history_outlives_the_job() {
    assertThat(put("toggled", EVERY_SECOND, Map.of()).status()).isEqualTo(201);

    Answer disabled = api.post(DISABLE, "toggled");
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().path("changed").asBoolean()).isTrue();
    assertThat(disabled.json().path("version").asLong()).isEqualTo(2);
    JsonNode job = api.get(JOB, "toggled").json();
    assertThat(job.path("enabled").asBoolean()).isFalse();
    assertThat(job.has("nextFire")).isFalse();
    assertThat(api.post(DISABLE, "toggled").json().path("changed").asBoolean()).isFalse();
    Answer enabled = api.as(OPS_TOKEN).post(ENABLE, "toggled");
    assertThat(enabled.json().path("version").asLong()).isEqualTo(3);
    assertThat(api.get(JOB, "toggled").json().has("nextFire")).isTrue();
    assertThat(api.post(ENABLE, "no-such-job").status()).isEqualTo(404);
    assertThat(api.post(DISABLE, "no-such-job").status()).isEqualTo(404);

    String path = "/api/v1/jobs/toggled";
    Answer stale = api.send("DELETE", JOB, path, null, null, Map.of("If-Match", "\"2\""));
    assertThat(stale.status()).isEqualTo(412);
    Answer deleted = api.send("DELETE", JOB, path, null, null, Map.of("If-Match", "\"3\""));
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().path("version").asLong()).isEqualTo(3);
    assertThat(api.get(JOB, "toggled").status()).isEqualTo(404);
    assertThat(api.send("DELETE", JOB, path, null, null).status()).isEqualTo(404);
    JsonNode versions = api.get(VERSIONS, "toggled").json().path("versions");
    assertThat(versions).hasSize(3);
    assertThat(versions.get(0).at("/spec/enabled").asBoolean()).isTrue();
    assertThat(versions.get(1).at("/spec/enabled").asBoolean()).isFalse();
    assertThat(versions.get(0).path("savedBy").asText()).isEqualTo("ops");

    Answer again = put("toggled", EVERY_SECOND, Map.of());
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().path("version").asLong()).isEqualTo(4);
  }

  @Test
  void a_spec_file_for_a_store_owned_id_hands_the_job_over_and_sync_keeps_the_others()
      throws Exception {
    assertThat(put("handed", EVERY_SECOND, Map.of()).status()).isEqualTo(201);
    assertThat(put("kept", EVERY_SECOND, Map.of()).status()).isEqualTo(201);
    api.post("/api/v1/jobs/{id}/pause", "handed");

    Path file = jobs.resolve("handed.yaml");
    Files.writeString(
        file,
        "id: handed\nschedule: { cron: \"0 3 * * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    await("handed over to its file")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.get(JOB, "handed").json().path("owner").asText().equals("file"));

    JsonNode handed = api.get(JOB, "handed").json();
    assertThat(handed.path("version").asLong()).isEqualTo(2);
    assertThat(handed.path("source").asText()).isEqualTo(file.toString());
    assertThat(handed.path("paused").asBoolean()).as("the pause is kept").isTrue();
    JsonNode newest = api.get(VERSIONS, "handed").json().at("/versions/0");
    assertThat(newest.path("savedBy").asText()).isEqualTo("file:" + file);
    assertThat(newest.path("owner").asText()).isEqualTo("file");
    assertThat(put("handed", EVERY_SECOND, Map.of()).status()).isEqualTo(409);

    JsonNode kept = api.get(JOB, "kept").json();
    assertThat(kept.path("owner").asText())
        .as("sync never removes a store-owned job")
        .isEqualTo("store");
    assertThat(kept.path("version").asLong()).isEqualTo(1);
  }

  private Answer put(String id, String spec, Map<String, String> headers) {
    return api.send("PUT", JOB, "/api/v1/jobs/" + id, "application/yaml", bytes(spec), headers);
  }

  private void awaitSucceededRun(String jobId) {
    await(jobId + " fired on the running node")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode runs = api.get(RUNS, jobId).json().path("runs");
              for (JsonNode run : runs) {
                if (run.path("status").asText().equals("succeeded")
                    && run.path("kind").asText().equals("scheduled")) {
                  return true;
                }
              }
              return false;
            });
  }

  private static List<String> paths(Answer answer) {
    List<String> paths = new ArrayList<>();
    answer.json().path("error").path("details").forEach(d -> paths.add(d.path("path").asText()));
    return paths;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
