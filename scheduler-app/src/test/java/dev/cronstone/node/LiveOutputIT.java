package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a task prints, read from another node and from the CLI, live and after the node that ran it
 * was killed: two real {@code jobs serve} processes on one PostgreSQL database. A command prints a
 * line on stdout and one on stderr every 200 ms on node A (the only node when it starts); node B
 * starts afterwards. Its output is read through B's API ({@code /output} page by page, and {@code
 * /output/stream} followed from the start), and by {@code jobs logs} and {@code jobs logs --follow}
 * processes: it grows while the task runs. Then A gets kill -9: every chunk read before the kill is
 * still there, in order; the lines are consecutive, none twice; the stream, the follower and a last
 * {@code jobs logs} all end with the same chunks once B's sweep ends the attempt. Last, B (on a 128
 * MB heap) runs a task printing 100 MB (and 20 MB of empty lines): the store keeps the bound and
 * the mark, and B lives.
 */
@Tag("cluster")
class LiveOutputIT {
  private static final String TOKEN = "live-output-it-token";
  private static final String RUN = "talk#1";
  private static final String RUN_PATH = "talk%231";
  private static final int BOUND = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir Path dir;
  Path logs;
  final HttpClient http = HttpClient.newHttpClient();

  record Chunk(int seq, String stream, String text) {}

  @Test
  void output_of_a_run_on_a_is_read_live_through_b_and_the_cli_and_after_a_is_killed()
      throws Exception {
    logs = Files.createDirectories(Path.of("target", "live-output-logs"));
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("talk.yaml"),
        """
        id: talk
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              i=0; while [ $i -lt 300 ]; do i=$((i+1));
              echo "out $i"; echo "err $i" >&2; sleep 0.2; done
        limits: { timeout: PT5M }
        recover: false
        """);
    Files.writeString(
        jobs.resolve("flood.yaml"),
        """
        id: flood
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              head -c 100000000 /dev/zero | tr '\\0' z;
              head -c 20000000 /dev/zero | tr '\\0' '\\n' >&2
        limits: { timeout: PT2M }
        """);
    Path configA = config("node-a", jobs);
    Path configB = config("node-b", jobs);
    Map<String, String> smallHeap = Map.of("JOBS_JAVA_OPTS", "-Xmx128m");
    List<NodeProcess> started = new ArrayList<>();
    try {
      NodeProcess a = start(started, "node-a", smallHeap, "--config", configA.toString(), "serve");
      a.awaitRunning(Duration.ofSeconds(90));
      assertThat(
              post(a.apiUri(Duration.ofSeconds(30)), "/api/v1/jobs/talk/run").path("runNo").asInt())
          .isEqualTo(1);
      await("talk running on node-a, the only node")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> attemptOwner().filter("node-a"::equals).isPresent());

      NodeProcess b = start(started, "node-b", smallHeap, "--config", configB.toString(), "serve");
      b.awaitRunning(Duration.ofSeconds(90));
      URI apiB = b.apiUri(Duration.ofSeconds(30));

      // B's API, page by page: the output grows while the task runs on A
      JsonNode first = page(apiB, 0);
      assertThat(first.path("attemptEnded").asBoolean()).isFalse();
      assertThat(first.path("text").asText()).contains("out 1\n", "out 2\n", "err 1\n");
      int offset = first.path("nextOffset").asInt();
      await("more output through B")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> page(apiB, offset).path("chunks").size() > 0);

      // B's SSE stream, followed from the start until the attempt ends (after the kill)
      List<Chunk> streamed = Collections.synchronizedList(new ArrayList<>());
      List<String> ends = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> following = follow(apiB, streamed, ends);

      // the CLI, as processes on the same store: a follower, and a reader that sees more than the
      // first page had
      NodeProcess follower =
          start(
              started,
              "logs-follow",
              Map.of(),
              "--config",
              configB.toString(),
              "logs",
              RUN,
              "--stream",
              "stdout",
              "--follow");
      NodeProcess.Result cliRead = cli("logs", configB, "logs", RUN, "--stream", "stdout");
      assertThat(cliRead.exit()).as(cliRead.output()).isZero();
      assertThat(cliRead.output()).contains("out 1\nout 2\n");
      assertThat(lines(cliRead.output(), "out "))
          .as("lines the CLI printed, more than the first page through B had")
          .isGreaterThan(lines(first.path("text").asText(), "out "));
      await("the stream and the follower heard the task")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> streamed.size() >= 6 && follower.output().contains("out 3\n"));
      assertThat(a.isAlive()).isTrue();
      assertThat(attemptOutcome()).isEmpty();

      List<Chunk> beforeKill = all(apiB);
      a.kill();
      assertThat(beforeKill).isNotEmpty();

      await("B's sweep ends the attempt of the dead node")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> attemptOutcome().isPresent());
      assertThat(attemptOutcome()).contains("abandoned");
      List<Chunk> after = all(apiB);
      assertThat(after.subList(0, beforeKill.size()))
          .as("what was read before the kill is still there, in order")
          .isEqualTo(beforeKill);
      assertThat(after).extracting(Chunk::seq).isSorted().doesNotHaveDuplicates();
      assertConsecutive(text(after, "stdout"), "out ");
      assertConsecutive(text(after, "stderr"), "err ");

      following.get(60, TimeUnit.SECONDS);
      assertThat(ends).as("the stream ends with the attempt").hasSize(1);
      assertThat(streamed).as("the stream, read through the kill").isEqualTo(after);
      assertThat(follower.awaitExit(Duration.ofSeconds(60))).as(follower.output()).isZero();
      assertThat(follower.output()).endsWith(text(after, "stdout"));
      NodeProcess.Result json =
          cli("logs-json", configB, "--output", "json", "logs", RUN, "--attempt", "1");
      assertThat(json.exit()).as(json.output()).isZero();
      assertThat(jsonChunks(json.output())).as("jobs logs after the kill").isEqualTo(after);
      System.out.printf(
          "live output: %d chunks before the kill, %d in the end (%d stdout lines)%n",
          beforeKill.size(), after.size(), lines(text(after, "stdout"), "out "));

      floodOn(b, apiB);
    } finally {
      for (NodeProcess p : started) {
        p.close();
      }
    }
  }

  /**
   * Hostile output on B (128 MB heap): 100 MB on stdout in one line, 20 MB of empty lines on
   * stderr. The store keeps the head up to the bound and the mark; B lives.
   */
  private void floodOn(NodeProcess b, URI apiB) throws Exception {
    assertThat(post(apiB, "/api/v1/jobs/flood/run").path("runNo").asInt()).isEqualTo(1);
    await("the flood ends")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                runStatus("flood")
                    .filter(s -> !List.of("queued", "running").contains(s))
                    .isPresent());
    assertThat(runStatus("flood")).contains("succeeded");
    String mark = "\n[cronstone] output truncated: ";
    String stdout =
        get(apiB, "/api/v1/runs/flood%231/output?stream=stdout&limit=1000").path("text").asText();
    assertThat(stdout.substring(0, stdout.indexOf(mark))).isEqualTo("z".repeat(BOUND));
    assertThat(stdout)
        .endsWith(
            (100_000_000 - BOUND)
                + " more bytes dropped past artifacts.maxOutputBytes ("
                + BOUND
                + ")\n");
    String stderr =
        get(apiB, "/api/v1/runs/flood%231/output?stream=stderr&limit=1000").path("text").asText();
    assertThat(stderr.substring(0, stderr.indexOf(mark))).isEqualTo("\n".repeat(BOUND));
    assertThat(stderr).contains((20_000_000 - BOUND) + " more bytes dropped");
    assertThat(b.isAlive()).isTrue();
    assertThat(b.output()).doesNotContain("OutOfMemoryError");
  }

  private NodeProcess start(
      List<NodeProcess> started, String name, Map<String, String> env, String... args)
      throws Exception {
    NodeProcess p = NodeProcess.start(name, logs, env, args);
    started.add(p);
    return p;
  }

  private NodeProcess.Result cli(String name, Path config, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return NodeProcess.run(logs, name, all.toArray(String[]::new));
  }

  private Path config(String nodeId, Path jobs) throws Exception {
    Path file = dir.resolve(nodeId + ".yaml");
    Files.writeString(
        file,
        """
        store: { url: "%s", user: "", password: "", maxPoolSize: 8 }
        cluster: { enabled: true, nodeId: %s, checkinInterval: PT1S, failureGrace: PT2S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s", maxOutputBytes: 256KB }
        api: { bind: 127.0.0.1, port: 0, token: %s }
        """
            .formatted(DB.database().url(), nodeId, jobs, dir.resolve("runs-" + nodeId), TOKEN));
    return file;
  }

  private JsonNode get(URI api, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode post(URI api, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
    return JSON.readTree(response.body());
  }

  private JsonNode page(URI api, int offset) throws Exception {
    return get(api, "/api/v1/runs/" + RUN_PATH + "/output?attempt=1&offset=" + offset);
  }

  /** Every chunk of attempt 1 through the API, page after page. */
  private List<Chunk> all(URI api) throws Exception {
    List<Chunk> all = new ArrayList<>();
    for (int offset = 0; ; ) {
      JsonNode page = page(api, offset);
      for (JsonNode c : page.path("chunks")) {
        all.add(
            new Chunk(c.path("seq").asInt(), c.path("stream").asText(), c.path("text").asText()));
      }
      if (page.path("chunks").isEmpty()) {
        return all;
      }
      offset = page.path("nextOffset").asInt();
    }
  }

  /** Follows the SSE stream of attempt 1 from its start until its {@code end} event. */
  private CompletableFuture<Void> follow(URI api, List<Chunk> chunks, List<String> ends) {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/api/v1/runs/" + RUN_PATH + "/output/stream?attempt=1"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Accept", "text/event-stream")
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenAccept(
            response -> {
              assertThat(response.statusCode()).isEqualTo(200);
              String event = null;
              try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                  if (line.startsWith("event: ")) {
                    event = line.substring(7);
                  } else if (line.startsWith("data: ")) {
                    JsonNode data = json(line.substring(6));
                    if ("end".equals(event)) {
                      ends.add(line);
                    } else {
                      chunks.add(
                          new Chunk(
                              data.path("seq").asInt(),
                              data.path("stream").asText(),
                              data.path("text").asText()));
                    }
                  }
                }
              }
            });
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The chunks {@code jobs --output json logs} printed (one JSON object a line). */
  private static List<Chunk> jsonChunks(String output) {
    return output
        .lines()
        .filter(l -> l.startsWith("{"))
        .map(LiveOutputIT::json)
        .map(
            c ->
                new Chunk(
                    c.path("seq").asInt(), c.path("stream").asText(), c.path("text").asText()))
        .toList();
  }

  private static String text(List<Chunk> chunks, String stream) {
    return chunks.stream()
        .filter(c -> c.stream().equals(stream))
        .map(Chunk::text)
        .collect(Collectors.joining());
  }

  private static int lines(String text, String prefix) {
    return (int) text.lines().filter(l -> l.startsWith(prefix)).count();
  }

  /** The text is {@code <prefix>1}, {@code <prefix>2}, ... one a line, none missing or twice. */
  private static void assertConsecutive(String text, String prefix) {
    List<String> lines = text.lines().toList();
    assertThat(lines).isNotEmpty();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .as("line %d of %s", i + 1, prefix.trim())
          .isEqualTo(prefix + (i + 1));
    }
    assertThat(text).endsWith("\n");
  }

  private Optional<String> attemptOwner() throws SQLException {
    return one(
        "SELECT owner FROM cs_attempt WHERE job_id = 'talk' AND run_no = 1 AND attempt_no = 1");
  }

  private Optional<String> attemptOutcome() throws SQLException {
    return one(
        "SELECT outcome FROM cs_attempt WHERE job_id = 'talk' AND run_no = 1 AND attempt_no = 1");
  }

  private Optional<String> runStatus(String job) throws SQLException {
    return one("SELECT status FROM cs_run WHERE job_id = '" + job + "' AND run_no = 1");
  }

  private static Optional<String> one(String sql) throws SQLException {
    try (Connection c = DB.database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }
}
