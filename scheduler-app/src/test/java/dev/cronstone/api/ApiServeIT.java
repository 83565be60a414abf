package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.testing.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jobs serve} with no token configured: the node generates one into a 0600 file next to
 * its H2 database, prints where it listens and where the token is (never the token), answers with
 * it, refuses and logs a wrong one, and stops its server on SIGTERM.
 */
class ApiServeIT {
  @TempDir Path dir;

  @Test
  void a_node_without_a_configured_token_generates_one_and_never_prints_it() throws Exception {
    Path config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "jdbc:h2:file:%s/data/cronstone;AUTO_SERVER=TRUE" }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0 }
        """
            .formatted(dir, NodeProcess.ROOT.resolve("config/jobs"), dir.resolve("runs")));
    try (NodeProcess node =
        NodeProcess.start(
            "serve", dir, Map.of("JOBS_API_TOKEN", ""), "--config", config.toString(), "serve")) {
      URI uri = node.apiUri(Duration.ofSeconds(90));
      Path tokenFile = dir.resolve("data/api-token");
      await("token line")
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.output().contains("token:     in " + tokenFile));
      String token = Files.readString(tokenFile).trim();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = get(http, uri.resolve("/api/v1/jobs"), token);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("nightly-report").contains("at 02:30 every day");
      HttpResponse<String> refused = get(http, uri.resolve("/api/v1/jobs"), "guess-" + token);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("\"code\":\"unauthorized\"");
      assertThat(get(http, uri.resolve("/health/ready"), null).statusCode()).isEqualTo(200);

      assertThat(node.stop(Duration.ofSeconds(60))).as(node.output()).isIn(0, 143);
      assertThat(node.output())
          .contains("unauthorized GET /api/v1/jobs from")
          .contains("API stopped")
          .doesNotContain(token);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
