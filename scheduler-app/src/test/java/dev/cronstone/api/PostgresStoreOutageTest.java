package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.api.ApiClient.Answer;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.node.Node;
import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database outage as an orchestrator sees it: a node whose PostgreSQL store goes away (a proxy in
 * between is cut) turns unready (503 {@code store_unavailable}) but stays live, its API answers 503
 * with the envelope, and it is ready again when the store comes back. Answers are checked against
 * docs/openapi.yaml.
 */
class PostgresStoreOutageTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

  @TempDir Path dir;

  @Test
  void a_node_without_its_store_is_live_but_not_ready_and_ready_again_when_it_returns()
      throws Exception {
    String url = DB.database().url();
    Matcher m = HOST_PORT.matcher(url);
    assertThat(m.find()).as(url).isTrue();
    try (TcpProxy proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
      String proxied = m.replaceFirst("//127.0.0.1:" + proxy.port() + "/");
      Path jobs = Files.createDirectories(dir.resolve("jobs"));
      Files.writeString(
          jobs.resolve("noop.yaml"), "id: noop\ntask: { type: builtin, name: noop }\n");
      Path config = dir.resolve("node.yaml");
      Files.writeString(
          config,
          """
          store: { url: "%s", user: "", password: "", maxPoolSize: 4 }
          cluster: { nodeId: outage-test, checkinInterval: PT1S }
          scheduler: { threads: 2, shutdownGrace: PT1S }
          jobs: { dir: "%s" }
          artifacts: { dir: "%s" }
          api: { port: 0, token: outage-token }
          """
              .formatted(proxied, jobs, dir.resolve("runs")));
      Node node =
          Node.start(
              new ConfigLoader(n -> Optional.empty()).load(config),
              Clock.systemUTC(),
              n -> Optional.empty());
      try {
        ApiClient api = new ApiClient(node.api().uri(), new OpenApiContract(), "outage-token");
        assertThat(api.get("/health/ready").status()).isEqualTo(200);

        proxy.cut();
        await("unready")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.get("/health/ready").status() == 503);
        Answer ready = api.get("/health/ready");
        assertThat(ready.code()).isEqualTo("store_unavailable");
        assertThat(ready.body()).doesNotContain("password");
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        Answer jobsDown = api.get("/api/v1/jobs");
        assertThat(jobsDown.status()).isEqualTo(503);
        assertThat(jobsDown.code()).isEqualTo("store_unavailable");

        proxy.restore();
        await("ready again")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.get("/health/ready").status() == 200);
        assertThat(api.get("/api/v1/jobs").status()).isEqualTo(200);
      } finally {
        node.close();
      }
    }
  }
}
