package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.ApiConfig.NamedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler's last line of defence: a failing endpoint answers the envelope, never a trace. */
class ApiHandlerTest {
  private Server server;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Router api =
        new Router()
            .add(
                "GET",
                "/api/v1/boom",
                call -> {
                  throw new IllegalStateException("secret internal detail at db-host:5432");
                })
            .add("GET", "/api/v1/stack", call -> recurse(0));
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new ApiHandler(
            "test-node",
            Tokens.of(List.of(new NamedToken("api", "t0ken"))),
            new AuthThrottle(
                "test-node",
                dev.cronstone.config.RateLimitConfig.defaults(),
                java.time.Clock.systemUTC()),
            new ClientAddress(List.of()),
            (delay, answer) -> answer.run(),
            api,
            new Router(),
            new StaticFiles(getClass().getClassLoader())));
    server.setErrorHandler(new EnvelopeErrorHandler());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void an_unexpected_exception_is_a_500_internal_error_without_its_details() throws Exception {
    for (String path : List.of("/api/v1/boom", "/api/v1/stack")) {
      HttpResponse<String> answer = get(path);
      assertThat(answer.statusCode()).as(path).isEqualTo(500);
      assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(answer.body())
          .contains("\"code\":\"internal_error\"")
          .doesNotContain("secret internal detail")
          .doesNotContain("Exception")
          .doesNotContain("at dev.cronstone");
    }
  }

  @Test
  void requests_jetty_refuses_get_the_envelope_too() throws Exception {
    HttpResponse<String> ambiguous = get("/api/v1/jobs/%2e%2e/x");
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ambiguous.body()).contains("\"code\":\"invalid_argument\"").doesNotContain("<html");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer t0ken").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
