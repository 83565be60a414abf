package dev.cronstone.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.Exposition;
import dev.cronstone.testing.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a real node process over real HTTP: open (no token) while {@code /api} is
 * not, Prometheus text that parses, and the run meters moving as the node fires its jobs, with a
 * {@code job} label only for the configured job.
 */
class MetricsIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @TempDir static Path dir;
  static NodeProcess node;
  static URI api;
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void startNode() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("tick.yaml"),
        """
        id: tick
        schedule: { cron: "* * * * * ?", timezone: UTC }
        task: { type: builtin, name: noop }
        """);
    Files.writeString(
        jobs.resolve("failing.yaml"),
        """
        id: failing
        schedule: { cron: "* * * * * ?", timezone: UTC }
        task: { type: builtin, name: fail, args: { message: "expected" } }
        """);
    // A database of its own, which the extension does not empty between tests.
    Path config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s" }
        cluster: { enabled: false, nodeId: metrics-node }
        scheduler: { threads: 3 }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: "metrics-it-token" }
        metrics: { perJobLabels: [tick], maxPerJobLabels: 5 }
        """
            .formatted(DB.emptyDatabase().url(), jobs, dir.resolve("runs")));
    node = NodeProcess.start("node", dir, Map.of(), "--config", config.toString(), "serve");
    node.awaitRunning(Duration.ofSeconds(90));
    api = node.apiUri(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop(Duration.ofSeconds(60));
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Exposition scrape() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain")
        .contains("version=0.0.4");
    return Exposition.parse(r.body());
  }

  @Test
  void metrics_are_open_while_the_api_needs_its_token() throws Exception {
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    HttpResponse<String> api = get("/api/v1/jobs");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("\"unauthorized\"");
  }

  @Test
  void a_node_with_metrics_disabled_has_no_metrics_page() throws Exception {
    Path config = dir.resolve("quiet.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s" }
        cluster: { enabled: false, nodeId: quiet-node }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: "metrics-it-token" }
        metrics: { enabled: false }
        """
            .formatted(
                DB.emptyDatabase().url(),
                Files.createDirectories(dir.resolve("no-jobs")),
                dir.resolve("quiet-runs")));
    try (NodeProcess quiet =
        NodeProcess.start("quiet", dir, Map.of(), "--config", config.toString(), "serve")) {
      quiet.awaitRunning(Duration.ofSeconds(90));
      URI uri = quiet.apiUri(Duration.ofSeconds(30));
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).doesNotContain("cronstone_");
      quiet.stop(Duration.ofSeconds(60));
    }
  }

  @Test
  void the_scrape_counts_the_fired_runs_with_a_job_label_only_for_the_configured_job()
      throws Exception {
    await("runs of both jobs counted")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Exposition e = scrape();
              return e.value(
                          "cronstone_runs_finished_total",
                          Map.of("job", "tick", "status", "succeeded"))
                      >= 2
                  && e.value(
                          "cronstone_runs_finished_total",
                          Map.of("job", "_other", "status", "failed"))
                      >= 2
                  && e.value("cronstone_cluster_nodes", Map.of("state", "alive")) >= 1;
            });

    Exposition e = scrape();
    assertThat(e.labelValues("cronstone_runs_finished_total", "job"))
        .containsExactlyInAnyOrder("tick", "_other");
    assertThat(e.labelValues("cronstone_fire_lateness_seconds_count", "kind"))
        .contains("scheduled");
    assertThat(e.value("cronstone_fire_lateness_seconds_count", Map.of("job", "tick")))
        .isGreaterThanOrEqualTo(2);
    assertThat(e.value("cronstone_attempt_duration_seconds_count", Map.of("status", "failed")))
        .isGreaterThanOrEqualTo(2);
    assertThat(e.value("cronstone_last_success_timestamp_seconds", Map.of("job", "tick")))
        .isPositive();
    assertThat(e.value("cronstone_attempts_capacity", Map.of("node", "metrics-node"))).isEqualTo(3);
    assertThat(e.find("cronstone_attempts_active", Map.of())).hasSize(1);
    assertThat(e.value("cronstone_store_lock_held_seconds_total", Map.of("lock", "TRIGGER_ACCESS")))
        .as(
            "the node fired, so it held Quartz's trigger lock for a while: %s",
            e.find("cronstone_store_lock_held_seconds_total", Map.of()))
        .isPositive();
    assertThat(e.find("cronstone_queue_depth", Map.of())).hasSize(1);
    assertThat(e.labelValues("cronstone_store_errors_total", "source"))
        .containsExactly("ledger", "quartz", "registry", "service");
    assertThat(e.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
    assertThat(e.find("process_uptime_seconds", Map.of())).isNotEmpty();
    assertThat(e.find("hikaricp_connections_active", Map.of())).hasSize(1);
    assertThat(e.samples())
        .allSatisfy(s -> assertThat(s.labels().values()).doesNotContain("failing"));
  }
}
