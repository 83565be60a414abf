package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.node.Node;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For the same state of a real store, {@code jobs <command> --output json} and the HTTP API of a
 * real node answer the same JSON for each object both expose: field names and values (docs/cli.md,
 * "JSON output"). Run once per database.
 */
abstract class JsonAgreementContractTest {
  private static final String TOKEN = "agreement-token-0123456789";
  private static final String SECRET = "s3cr3t-agreement-value";
  private static final Map<String, String> ENV = Map.of("API_SECRET", SECRET);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern DATE_TIME = Pattern.compile("\"\\d{4}-\\d{2}-\\d{2}T.*\"");

  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path jobs;
  private Path config;
  private Node node;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startNode() throws Exception {
    jobs = Files.createDirectories(dir.resolve("jobs"));
    spec(
        "daily",
        "schedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    spec("by-hand", "task: { type: builtin, name: echo, args: { message: hi } }\n");
    spec("fails", "task: { type: command, command: [\"/bin/sh\", \"-c\", \"exit 3\"] }\n");
    spec("slow-a", "task: { type: builtin, name: sleep, args: { duration: PT60S } }\n");
    spec("slow-b", "task: { type: builtin, name: sleep, args: { duration: PT60S } }\n");
    spec(
        "secretive",
        "task:\n  type: http\n  url: \"http://user:hunter22@127.0.0.1:9/x?token=abc123\"\n"
            + "  headers: { Authorization: \"Bearer literal\", X-Ref: \"${env:API_SECRET}\" }\n");
    StoreConfig store = db().database().storeConfig();
    config = dir.resolve("scheduler.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 5 }
        cluster: { nodeId: agreement, checkinInterval: PT1S }
        scheduler: { threads: 4, shutdownGrace: PT1S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: "%s" }
        """
            .formatted(
                store.url(), store.user(), store.password(), jobs, dir.resolve("runs"), TOKEN));
    NodeConfig nodeConfig = new ConfigLoader(n -> Optional.ofNullable(ENV.get(n))).load(config);
    node = Node.start(nodeConfig, Clock.systemUTC(), n -> Optional.ofNullable(ENV.get(n)));
  }

  @AfterEach
  void stopNode() {
    stopTheNode();
  }

  /**
   * Stops the node: a command that needs a Quartz scheduler of its own (show, pause, resume, run)
   * cannot run in the JVM of a running node, so the test compares it with answers the API gave
   * before, for the same state.
   */
  private void stopTheNode() {
    if (node != null) {
      node.close();
      node = null;
    }
  }

  @Test
  void jobs_list_show_and_a_pause_answer_as_the_api() {
    String ended = ended(api("POST", "/api/v1/jobs/by-hand/run"));
    ended(api("POST", "/api/v1/jobs/fails/run"));

    assertSame(cli("list").json(), api("GET", "/api/v1/jobs"));
    assertSame(cli("list", "--limit", "2").json(), api("GET", "/api/v1/jobs?limit=2"));
    assertSame(
        cli("list", "--limit", "2", "--after", "daily").json(),
        api("GET", "/api/v1/jobs?limit=2&cursor=daily"));
    assertThat(api("GET", "/api/v1/jobs/by-hand").path("lastRun").path("runId").asText())
        .isEqualTo(ended);

    Map<String, JsonNode> shown = new TreeMap<>();
    for (String id : List.of("by-hand", "fails", "secretive")) {
      shown.put(id, api("GET", "/api/v1/jobs/" + id));
    }
    JsonNode paused = api("POST", "/api/v1/jobs/daily/pause");
    JsonNode resumed = api("POST", "/api/v1/jobs/daily/resume");
    shown.put("daily", api("GET", "/api/v1/jobs/daily"));
    stopTheNode();

    shown.forEach((id, viaApi) -> assertSame(cli("show", id).json(), viaApi));
    assertThat(cli("show", "secretive").out())
        .doesNotContain("hunter22")
        .doesNotContain("Bearer literal")
        .doesNotContain(SECRET);
    assertSame(cli("pause", "daily").json().path("changes").get(0), paused);
    assertSame(cli("resume", "daily").json().path("changes").get(0), resumed);
  }

  @Test
  void runs_history_a_run_and_its_events_answer_as_the_api() {
    ended(api("POST", "/api/v1/jobs/fails/run"));
    ended(api("POST", "/api/v1/jobs/by-hand/run"));
    ended(api("POST", "/api/v1/jobs/by-hand/run"));

    assertSame(cli("history", "fails").json(), api("GET", "/api/v1/jobs/fails/runs"));
    assertSame(cli("history", "by-hand").json(), api("GET", "/api/v1/jobs/by-hand/runs"));
    assertSame(
        cli("history", "by-hand", "--limit", "1").json(),
        api("GET", "/api/v1/jobs/by-hand/runs?limit=1"));
    JsonNode detail = api("GET", "/api/v1/jobs/fails/runs/1");
    assertThat(detail.path("attempts")).hasSize(1);
    ((ObjectNode) detail).remove("attempts");
    assertSame(cli("history", "fails").json().path("runs").get(0), detail);

    CliRun tail = cli("tail", "fails", "--run", "1");
    assertThat(tail.exit()).as(tail.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : tail.out().split("\n")) {
      lines.add(parse(line));
    }
    JsonNode events = api("GET", "/api/v1/jobs/fails/runs/1/events").path("events");
    assertThat(lines).hasSize(events.size()).hasSizeGreaterThan(2);
    for (int i = 0; i < lines.size(); i++) {
      assertSame(lines.get(i), events.get(i));
    }

    // jobs run needs a Quartz scheduler of its own, and this JVM's runs the node: stop the node.
    stopTheNode();
    CliRun local = cli("run", "by-hand", "--local");
    assertThat(local.exit()).as(local.err()).isZero();
    JsonNode run = local.json();
    assertThat(run.path("runId").asText()).isEqualTo("by-hand#3");
    assertSame(run, cli("history", "by-hand").json().path("runs").get(0));
  }

  @Test
  void a_backfill_and_the_backfills_answer_as_the_api() {
    String range = "{\"from\": \"2026-03-27T00:00:00Z\", \"to\": \"2026-03-31T00:00:00Z\"";
    assertSame(
        cli(
                "backfill",
                "daily",
                "--from",
                "2026-03-27T00:00:00Z",
                "--to",
                "2026-03-31T00:00:00Z",
                "--dry-run")
            .json(),
        post(
            "/api/v1/jobs/daily/backfill",
            (range + ", \"dryRun\": true}").getBytes(StandardCharsets.UTF_8)));
    JsonNode created =
        cli("backfill", "daily", "--from", "2026-03-27T00:00:00Z", "--to", "2026-03-29T00:00:00Z")
            .json();
    assertThat(created.path("created")).hasSize(2);
    JsonNode again =
        post("/api/v1/jobs/daily/backfill", (range + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(again.path("present")).hasSize(2);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                api("GET", "/api/v1/jobs/daily/backfills")
                        .path("backfills")
                        .findValues("ended")
                        .stream()
                        .mapToInt(JsonNode::asInt)
                        .sum()
                    == 4);
    assertSame(
        cli("backfill", "daily", "--list").json(), api("GET", "/api/v1/jobs/daily/backfills"));
    assertSame(cli("history", "daily").json(), api("GET", "/api/v1/jobs/daily/runs"));
  }

  @Test
  void a_cancel_answers_with_the_fields_and_run_of_the_api() {
    JsonNode a = api("POST", "/api/v1/jobs/slow-a/run");
    JsonNode b = api("POST", "/api/v1/jobs/slow-b/run");
    awaitStatus(a, "running");
    awaitStatus(b, "running");

    CliRun viaCli = cli("cancel", a.path("runId").asText());
    assertThat(viaCli.exit()).as(viaCli.err()).isZero();
    JsonNode viaApi = api("POST", "/api/v1/jobs/slow-b/runs/1/cancel");
    JsonNode fromCli = viaCli.json();

    assertThat(flatten(fromCli).keySet()).isEqualTo(flatten(viaApi).keySet());
    assertInstantsInUtc(flatten(fromCli));
    assertInstantsInUtc(flatten(viaApi));
    for (String field : List.of("endedNow", "stopping", "reason")) {
      assertThat(fromCli.get(field)).as(field).isEqualTo(viaApi.get(field));
    }
    assertThat(fromCli.path("run").path("status").asText())
        .isEqualTo(viaApi.path("run").path("status").asText());
    awaitStatus(a, "cancelled");
    JsonNode afterwards = api("GET", "/api/v1/jobs/slow-a/runs/1");
    ((ObjectNode) afterwards).remove("attempts");
    assertSame(cli("history", "slow-a").json().path("runs").get(0), afterwards);
  }

  @Test
  void versions_an_enable_and_a_delete_answer_as_the_api() {
    byte[] body =
        ("task:\n  type: http\n  url: \"http://127.0.0.1:9/x\"\n"
                + "  headers: { Authorization: \"Bearer literal\" }\n")
            .getBytes(StandardCharsets.UTF_8);
    send("PUT", "/api/v1/jobs/edited-a", body);
    send("PUT", "/api/v1/jobs/edited-b", body);
    JsonNode disabled = api("POST", "/api/v1/jobs/edited-a/disable");
    JsonNode versions = api("GET", "/api/v1/jobs/edited-a/versions");
    JsonNode firstPage = api("GET", "/api/v1/jobs/edited-a/versions?limit=1");
    JsonNode deleted = api("DELETE", "/api/v1/jobs/edited-a");
    JsonNode afterDelete = api("GET", "/api/v1/jobs/edited-a/versions");
    assertThat(firstPage.path("nextCursor").isTextual()).isTrue();
    assertThat(versions.has("nextCursor")).isFalse();
    // disable and delete need a Quartz scheduler of their own: stop the node.
    stopTheNode();

    assertSame(cli("versions", "edited-a").json(), afterDelete);
    assertSame(cli("versions", "edited-a", "--limit", "1").json(), firstPage);
    assertThat(afterDelete).isEqualTo(versions);
    assertThat(cli("versions", "edited-a").out()).doesNotContain("Bearer literal");
    assertSameButTheJob(cli("disable", "edited-b").json(), disabled);
    assertSameButTheJob(cli("delete", "edited-b", "--yes").json(), deleted);
  }

  @Test
  void nodes_and_a_validation_answer_as_the_api() throws Exception {
    await("the node's registry and the API agree while no check-in happens between the reads")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode before = withoutNow(api("GET", "/api/v1/nodes"));
              JsonNode viaCli = withoutNow(cli("store", "nodes").json());
              JsonNode after = withoutNow(api("GET", "/api/v1/nodes"));
              return before.equals(after) && flatten(viaCli).equals(flatten(before));
            });
    Map<String, String> nodes = flatten(cli("store", "nodes").json());
    Map<String, String> apiNodes = flatten(api("GET", "/api/v1/nodes"));
    assertThat(nodes.keySet()).isEqualTo(apiNodes.keySet());
    assertInstantsInUtc(nodes);
    assertInstantsInUtc(apiNodes);

    Path checked = Files.createDirectories(dir.resolve("checked"));
    String bad = "id: Bad_Id\nschedule: { cron: \"30 25 * * *\", timezone: EST }\ntask: {}\n";
    String good = "id: good\ntask: { type: builtin, name: noop }\n";
    Files.writeString(checked.resolve("bad.yaml"), bad);
    Files.writeString(checked.resolve("good.yaml"), good);
    CliRun validated = cli("validate", checked.toString());
    assertThat(validated.exit()).isEqualTo(2);
    JsonNode results = validated.json().path("results");
    assertThat(results).hasSize(2);
    for (JsonNode result : results) {
      String file = Path.of(result.path("file").asText()).getFileName().toString();
      JsonNode viaApi =
          post(
              "/api/v1/validate?filename=" + file,
              Files.readString(checked.resolve(file)).getBytes(StandardCharsets.UTF_8));
      JsonNode viaCli = result.deepCopy();
      ((ObjectNode) viaCli).remove("file");
      assertSame(viaCli, viaApi);
    }
  }

  /** The same field names (recursively), and the same value in each. */
  private static void assertSame(JsonNode cli, JsonNode api) {
    Map<String, String> fromCli = flatten(cli);
    Map<String, String> fromApi = flatten(api);
    assertThat(fromCli.keySet()).as("field names, CLI vs API").isEqualTo(fromApi.keySet());
    assertThat(fromCli).as("values, CLI vs API").isEqualTo(fromApi);
    assertInstantsInUtc(fromCli);
    assertInstantsInUtc(fromApi);
  }

  /** As {@link #assertSame}, for answers about two jobs made the same way (edited-a, edited-b). */
  private static void assertSameButTheJob(JsonNode cli, JsonNode api) {
    ObjectNode fromCli = (ObjectNode) cli.deepCopy();
    ObjectNode fromApi = (ObjectNode) api.deepCopy();
    assertThat(fromCli.remove("jobId").asText()).isEqualTo("edited-b");
    assertThat(fromApi.remove("jobId").asText()).isEqualTo("edited-a");
    assertSame(fromCli, fromApi);
  }

  /**
   * Every date-time is an instant in UTC with {@code Z}; the one exception is a fire's {@code
   * local}, the wall time in the schedule's zone with its offset (schema {@code Fire}).
   */
  private static void assertInstantsInUtc(Map<String, String> leaves) {
    leaves.forEach(
        (path, value) -> {
          if (DATE_TIME.matcher(value).matches() && !path.endsWith(".local")) {
            assertThat(value).as("the instant at " + path).endsWith("Z\"");
          }
        });
  }

  /** Every leaf of {@code json} by its path ({@code jobs[0].lastRun.status}). */
  private static Map<String, String> flatten(JsonNode json) {
    Map<String, String> out = new TreeMap<>();
    flatten("", json, out);
    return out;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.put(path, "{}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.put(path, "[]");
      }
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), out);
      }
    } else {
      out.put(path, node.toString());
    }
  }

  private static JsonNode withoutNow(JsonNode nodes) {
    JsonNode copy = nodes.deepCopy();
    ((ObjectNode) copy).remove("now");
    return copy;
  }

  private String ended(JsonNode queued) {
    awaitStatus(queued, null);
    return queued.path("runId").asText();
  }

  /** Waits until the run reaches {@code status}, or (null) any end. */
  private void awaitStatus(JsonNode run, String status) {
    String path = "/api/v1/jobs/" + run.path("jobId").asText() + "/runs/" + run.path("runNo");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode now = api("GET", path);
              return status == null
                  ? now.path("terminal").asBoolean()
                  : now.path("status").asText().equals(status);
            });
  }

  private void spec(String id, String rest) throws Exception {
    Files.writeString(jobs.resolve(id + ".yaml"), "id: " + id + "\n" + rest);
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--output", "json"));
    all.addAll(List.of(args));
    CliRun run = CliRun.run(Clock.systemUTC(), ENV, all.toArray(String[]::new));
    assertThat(Set.of(0, 2)).as(run.err()).contains(run.exit());
    return run;
  }

  private JsonNode api(String method, String path) {
    return send(method, path, null);
  }

  private JsonNode post(String path, byte[] body) {
    return send("POST", path, body);
  }

  private JsonNode send(String method, String path, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(node.api().uri().resolve(path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/yaml")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
      return parse(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
