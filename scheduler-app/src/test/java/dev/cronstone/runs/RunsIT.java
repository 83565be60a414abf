package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs end to end, as an operator meets them: a real node process on PostgreSQL, and the {@code
 * jobs} command in other processes asking it to run jobs, following them, replaying a fire time,
 * running a job locally, reading tail and history, and the artifacts the runs leave.
 */
class RunsIT {
  private static final String SECRET = "s3cr3t-v4lue-9137";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir static Path dir;
  static Path config;
  static Path artifacts;
  static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    artifacts = dir.resolve("runs");
    Files.writeString(
        jobs.resolve("progress.yaml"),
        """
        id: progress
        task:
          type: command
          command: ["/bin/sh", "-c", "echo ::progress 25 warming up; sleep 0.3; echo \\"token is $TOKEN\\"; echo ::progress 100 done"]
          env: { TOKEN: "${env:RUNS_IT_SECRET}" }
        """);
    Files.writeString(
        jobs.resolve("broken.yaml"),
        """
        id: broken
        task: { type: command, command: ["/bin/sh", "-c", "echo failing >&2; exit 7"] }
        """);
    Files.writeString(
        jobs.resolve("slow.yaml"),
        """
        id: slow
        task: { type: builtin, name: sleep, args: { duration: PT60S } }
        limits: { timeout: PT2M }
        """);
    Files.writeString(
        jobs.resolve("daily.yaml"),
        """
        id: daily
        schedule: { cron: "30 2 * * *", timezone: Europe/Berlin }
        task: { type: command, command: ["/bin/echo", "report for ${fireDate} at ${fireLocalTime}"] }
        """);
    // A database of its own, which the extension does not empty between tests: the node migrates
    // it.
    String url = DB.emptyDatabase().url();
    config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "", password: "" }
        cluster: { enabled: true, nodeId: runs-node, checkinInterval: PT1S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: it-api-token }
        """
            .formatted(url, jobs, artifacts));
    node =
        NodeProcess.start(
            "node", dir, Map.of("RUNS_IT_SECRET", SECRET), "--config", config.toString(), "serve");
    node.awaitRunning(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop(Duration.ofSeconds(60));
    }
  }

  private static NodeProcess.Result jobs(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return NodeProcess.run(dir, "cli-" + args[0], all.toArray(String[]::new));
  }

  @Test
  void run_follow_streams_ordered_events_with_progress_and_the_artifacts_mask_the_secret()
      throws Exception {
    NodeProcess.Result r = jobs("run", "progress", "--follow");
    assertThat(r.exit()).as(r.output()).isZero();
    String out = r.output();
    assertThat(out)
        .containsSubsequence(
            "run.queued",
            "attempt.started",
            "progress            warming up",
            "progress            done",
            "attempt.finished",
            "run.finished",
            "progress#1 succeeded");
    Path run = artifacts.resolve("progress/000001");
    JsonNode receipt = JSON.readTree(run.resolve("run_receipt.json").toFile());
    assertThat(receipt.get("runId").asText()).isEqualTo("progress#1");
    assertThat(receipt.get("kind").asText()).isEqualTo("manual");
    assertThat(receipt.get("status").asText()).isEqualTo("succeeded");
    assertThat(receipt.get("attempts").get(0).get("owner").asText()).isEqualTo("runs-node");
    assertThat(Files.readString(run.resolve("stdout.log")))
        .contains("token is ***")
        .doesNotContain(SECRET);
    List<String> events = Files.readAllLines(run.resolve("events.jsonl"));
    assertThat(events).hasSizeGreaterThanOrEqualTo(6);
    for (int i = 0; i < events.size(); i++) {
      assertThat(JSON.readTree(events.get(i)).get("seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(String.join("\n", events)).doesNotContain(SECRET);
    assertThat(node.output()).doesNotContain(SECRET);
  }

  @Test
  void run_wait_exits_with_the_outcome_and_history_and_tail_read_the_ledger() throws Exception {
    NodeProcess.Result failed = jobs("run", "broken", "--wait");
    assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("broken#1 failed").contains("exited with 7");
    JsonNode history = JSON.readTree(jobs("history", "broken", "--output", "json").output());
    assertThat(history.get("runs").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(history.get("runs").get(0).get("error").get("code").asText())
        .isEqualTo("job_failed");
    NodeProcess.Result tail = jobs("tail", "broken");
    assertThat(tail.output())
        .containsSubsequence(
            "attempt.started", "attempt.finished", "exited with 7", "run.finished");
    assertThat(Files.readString(artifacts.resolve("broken/000001/stderr.log")))
        .isEqualTo("failing\n");
    assertThat(jobs("show", "broken").output())
        .contains("recent runs:")
        .containsPattern("broken#1 +manual +failed");
  }

  @Test
  void a_replay_runs_a_past_fire_time_with_its_scheduled_date() throws Exception {
    // 2026-03-29 02:30 Berlin did not exist: the fire was shifted to 03:30 CEST (01:30Z) and its
    // date stays the 29th.
    NodeProcess.Result r =
        jobs("run", "daily", "--fire-time", "2026-03-29T01:30:00Z", "--wait", "--output", "json");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("\"kind\" : \"replay\"")
        .contains("\"intendedFire\" : \"2026-03-29T01:30:00Z\"");
    String runNo =
        JSON.readTree(r.output().substring(r.output().indexOf('{'))).get("runNo").asText();
    Path stdout =
        artifacts.resolve("daily/" + "0".repeat(6 - runNo.length()) + runNo + "/stdout.log");
    assertThat(Files.readString(stdout))
        .isEqualTo("report for 2026-03-29 at 2026-03-29T02:30:00\n");
    NodeProcess.Result notAFire = jobs("run", "daily", "--fire-time", "2026-03-29T01:31:00Z");
    assertThat(notAFire.exit()).isEqualTo(2);
    assertThat(notAFire.output()).contains("is not a fire time of daily");
  }

  @Test
  void run_local_executes_here_and_unknown_jobs_are_not_found_everywhere() throws Exception {
    NodeProcess.Result local = jobs("run", "broken", "--local");
    assertThat(local.exit()).isEqualTo(1);
    assertThat(local.output()).contains("started on cli:");
    for (String[] args :
        List.of(
            new String[] {"run", "ghost"},
            new String[] {"tail", "ghost"},
            new String[] {"history", "ghost"},
            new String[] {"run", "ghost", "--local"})) {
      NodeProcess.Result r = jobs(args);
      assertThat(r.exit()).as(String.join(" ", args) + ": " + r.output()).isEqualTo(3);
      assertThat(r.output()).contains("job_not_found");
    }
  }

  @Test
  void a_killed_run_local_is_abandoned_by_the_cluster() throws Exception {
    try (NodeProcess local =
        NodeProcess.start(
            "local-slow", dir, Map.of(), "--config", config.toString(), "run", "slow", "--local")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> jobs("tail", "slow").output().contains("attempt.started"));
      local.kill();
    }
    await("the node abandons the attempt of the killed CLI")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                jobs("history", "slow", "--output", "json")
                    .output()
                    .contains("\"status\" : \"abandoned\""));
    NodeProcess.Result tail = jobs("tail", "slow");
    assertThat(tail.output()).contains("attempt.abandoned").contains("run.abandoned");
  }

  @Test
  void tail_follow_keeps_order_and_ends_with_the_run() throws Exception {
    NodeProcess.Result queued = jobs("run", "progress");
    String runId = queued.output().strip();
    NodeProcess.Result tail =
        jobs("tail", "progress", "--run", runId, "--follow", "--output", "json");
    assertThat(tail.exit()).isZero();
    List<Long> seqs = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (String line : tail.output().lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode event = JSON.readTree(line);
      seqs.add(event.get("seq").asLong());
      types.add(event.get("type").asText());
    }
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(seqs.get(0)).isEqualTo(1L);
    assertThat(types).endsWith("run.finished");
  }
}
