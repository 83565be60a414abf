package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.cluster.NodeRecord;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.service.RunService;
import dev.cronstone.testing.DatabaseExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's graceful stop ({@link Node#close}, {@link Node#stopNow}) in-process on a real store, the
 * path {@code jobs serve} runs on SIGINT and SIGTERM: the grace ends when the last attempt does,
 * every end is recorded, then the node deregisters; a second signal stops the attempts at once. Run
 * once per database ({@code CleanStopIT} runs the process on H2).
 */
abstract class NodeStopContractTest {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final String TOKEN = "stop-test-token";

  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  NodeConfig config;
  Node node;
  RunService runs;

  @BeforeEach
  void startNode() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("short.yaml"),
        "id: short\ntask: { type: builtin, name: sleep, args: { duration: PT2S } }\n");
    Files.writeString(
        jobs.resolve("long.yaml"),
        "id: long\ntask: { type: builtin, name: sleep, args: { duration: PT60S } }\n"
            + "limits: { timeout: PT2M }\n");
    StoreConfig store = db().database().storeConfig();
    Path file = dir.resolve("scheduler.yaml");
    Files.writeString(
        file,
        """
        store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 5 }
        cluster: { nodeId: stop-test }
        scheduler: { threads: 4, shutdownGrace: %s }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: %s }
        """
            .formatted(
                store.url(),
                store.user(),
                store.password(),
                GRACE,
                jobs,
                dir.resolve("runs"),
                TOKEN));
    config = new ConfigLoader(n -> Optional.empty()).load(file);
    node = Node.start(config, Clock.systemUTC(), n -> Optional.empty());
    runs = RunService.open(config, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    node.close();
    runs.close();
  }

  @Test
  void an_idle_node_stops_at_once_and_deregisters() {
    long start = System.nanoTime();
    node.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(registryRow().stopped()).isPresent();
  }

  @Test
  void the_grace_ends_when_the_running_attempt_ends_and_its_end_is_recorded() throws Exception {
    RunId run = runNow("short");
    awaitRunning(run);
    long start = System.nanoTime();
    node.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(runs.run(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    NodeRecord row = registryRow();
    assertThat(row.stopped()).isPresent();
    assertThat(row.stopped().get())
        .isAfterOrEqualTo(runs.run(run).endedAt().orElseThrow().minusMillis(1));
  }

  @Test
  void stop_now_cancels_the_running_attempt_with_reason_shutdown_at_once() throws Exception {
    RunId run = runNow("long");
    awaitRunning(run);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !closing.isDone());
    long start = System.nanoTime();
    node.stopNow();
    closing.get(20, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    Run ended = runs.run(run);
    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.reason()).contains("shutdown");
    assertThat(registryRow().stopped()).isPresent();
  }

  /** Asks the node to run the job now, through its HTTP API; its first run. */
  private RunId runNow(String job) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(node.api().uri().resolve("/api/v1/jobs/" + job + "/run"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return new RunId(job, 1);
  }

  private void awaitRunning(RunId run) {
    await(run + " running")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> runs.run(run).status() == RunStatus.RUNNING);
  }

  private NodeRecord registryRow() {
    return new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(1))
        .nodes().stream().filter(r -> r.nodeId().equals("stop-test")).findFirst().orElseThrow();
  }
}
