package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cronstone.testing.Keystore;
import dev.cronstone.testing.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jobs serve} with {@code api.tls}: the API answers over HTTPS with the keystore's
 * certificate (made here by keytool and trusted by the client), does not speak plain HTTP on its
 * port, and refuses TLS 1.1 even when the JDKs on both ends allow it. Neither the keystore password
 * nor the generated token reaches the node's output.
 */
class ApiTlsIT {
  private static final String PASSWORD = "keystore-secret-4711";

  @TempDir Path dir;

  @Test
  void the_api_is_served_over_tls_1_2_and_1_3_only() throws Exception {
    Path keystore = Keystore.create(dir.resolve("api.p12"), PASSWORD);
    // The JDK's default list without TLSv1 and TLSv1.1: only Cronstone's own settings refuse them.
    Path security = dir.resolve("old-tls.security");
    Files.writeString(
        security,
        "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024,"
            + " EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
    Path config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "jdbc:h2:file:%s/data/cronstone;AUTO_SERVER=TRUE" }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api:
          port: 0
          tls: { keystore: "%s", password: "${env:CS_KEYSTORE_PASSWORD}" }
        """
            .formatted(
                dir, NodeProcess.ROOT.resolve("config/jobs"), dir.resolve("runs"), keystore));
    try (NodeProcess node =
        NodeProcess.start(
            "tls",
            dir,
            Map.of(
                "JOBS_API_TOKEN",
                "",
                "CS_KEYSTORE_PASSWORD",
                PASSWORD,
                "JOBS_JAVA_OPTS",
                "-Djava.security.properties=" + security),
            "--config",
            config.toString(),
            "serve")) {
      URI uri = node.apiUri(Duration.ofSeconds(90));
      assertThat(uri.getScheme()).isEqualTo("https");
      Path tokenFile = dir.resolve("data/api-token");
      await("token line")
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.output().contains("token:     in " + tokenFile));
      String token = Files.readString(tokenFile).trim();

      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(Keystore.trusting(keystore, PASSWORD))
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> ok = get(https, uri.resolve("/api/v1/jobs"), token);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("nightly-report");
      assertThat(ok.sslSession())
          .hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
      assertThat(get(https, uri.resolve("/api/v1/jobs"), "guess").statusCode()).isEqualTo(401);

      URI plain = URI.create("http://" + uri.getRawAuthority() + "/api/v1/jobs");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> get(http, plain, token))
          .as("plain HTTP on the TLS port")
          .isInstanceOf(IOException.class);

      List<String> handshakes =
          handshakes(uri, keystore, security, "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
      assertThat(handshakes.get(0)).startsWith("TLSv1.3: handshake TLSv1.3");
      assertThat(handshakes.get(1)).startsWith("TLSv1.2: handshake TLSv1.2");
      // The server's answer, not the client's own refusal to offer the protocol:
      assertThat(handshakes.get(2)).startsWith("TLSv1.1: refused").contains("protocol_version");
      assertThat(handshakes.get(3)).startsWith("TLSv1: refused").contains("protocol_version");

      assertThat(node.stop(Duration.ofSeconds(60))).as(node.output()).isIn(0, 143);
      assertThat(node.output())
          .contains("API listening on https://")
          .doesNotContain(PASSWORD)
          .doesNotContain(token);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A handshake per protocol, each offering only that one, from a JVM of its own whose JDK allows
   * TLS 1.0 and 1.1 (this JVM's TLS settings are fixed once anything used TLS).
   */
  private List<String> handshakes(URI uri, Path keystore, Path security, String... protocols)
      throws Exception {
    Path probe = dir.resolve("TlsProbe.java");
    Files.writeString(
        probe,
        """
        import javax.net.ssl.*;
        public class TlsProbe {
          public static void main(String[] a) throws Exception {
            SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();
            for (int i = 2; i < a.length; i++) {
              try (SSLSocket s = (SSLSocket) f.createSocket(a[0], Integer.parseInt(a[1]))) {
                s.setEnabledProtocols(new String[] {a[i]});
                s.startHandshake();
                System.out.println(a[i] + ": handshake " + s.getSession().getProtocol());
              } catch (java.io.IOException e) {
                System.out.println(a[i] + ": refused " + e);
              }
            }
          }
        }
        """);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.security.properties=" + security);
    command.add("-Djavax.net.ssl.trustStore=" + keystore);
    command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
    command.add("-Djavax.net.ssl.trustStorePassword=" + PASSWORD);
    command.add(probe.toString());
    command.add(uri.getHost());
    command.add(Integer.toString(uri.getPort()));
    command.addAll(List.of(protocols));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = out.lines().toList();
    assertThat(lines).as(out).hasSize(protocols.length);
    return lines;
  }
}
