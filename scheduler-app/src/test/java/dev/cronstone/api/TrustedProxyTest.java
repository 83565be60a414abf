package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.AddressRange;
import dev.cronstone.config.ApiConfig.NamedToken;
import dev.cronstone.config.RateLimitConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits behind a balancer, over real HTTP from 127.0.0.1: with the loopback trusted, each
 * client named by {@code X-Forwarded-For} is limited on its own; without, the header changes
 * nothing and the one TCP address is limited.
 */
class TrustedProxyTest {
  private static final int FAILURES = 3;
  private Server server;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private void start(List<AddressRange> trusted) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    RateLimitConfig limits =
        new RateLimitConfig(
            FAILURES, Duration.ofMinutes(1), Duration.ofMinutes(5), FAILURES, Duration.ZERO);
    server.setHandler(
        new ApiHandler(
            "test-node",
            Tokens.of(List.of(new NamedToken("api", "t0ken"))),
            new AuthThrottle("test-node", limits, Clock.systemUTC()),
            new ClientAddress(trusted),
            (delay, answer) -> answer.run(),
            new Router().add("GET", "/api/v1/ping", call -> call.json(200, List.of("pong"))),
            new Router(),
            new StaticFiles(getClass().getClassLoader())));
    server.setErrorHandler(new EnvelopeErrorHandler());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void behind_a_trusted_proxy_each_forwarded_client_is_limited_on_its_own() throws Exception {
    start(List.of(AddressRange.parse("127.0.0.0/8")));
    for (int i = 0; i < FAILURES; i++) {
      assertThat(get("wrong", "203.0.113.7")).isEqualTo(401);
    }
    assertThat(get("t0ken", "203.0.113.7")).isEqualTo(429);
    assertThat(get("t0ken", "198.51.100.1, 203.0.113.7")).isEqualTo(429);
    assertThat(get("t0ken", "203.0.113.8")).isEqualTo(200);
    assertThat(get("t0ken", "203.0.113.7, 203.0.113.8")).isEqualTo(200);
    assertThat(get("t0ken", null)).isEqualTo(200);
  }

  @Test
  void without_trusted_proxies_the_header_changes_nothing() throws Exception {
    start(List.of());
    for (int i = 0; i < FAILURES; i++) {
      assertThat(get("wrong", "203.0.113." + i)).isEqualTo(401);
    }
    assertThat(get("t0ken", "198.51.100.1")).isEqualTo(429);
    assertThat(get("t0ken", null)).isEqualTo(429);
  }

  @Test
  void a_proxy_that_is_not_trusted_cannot_spread_its_failures_over_forged_addresses()
      throws Exception {
    start(List.of(AddressRange.parse("10.0.0.0/8")));
    for (int i = 0; i < FAILURES; i++) {
      assertThat(get("wrong", "203.0.113." + i)).isEqualTo(401);
    }
    assertThat(get("t0ken", "203.0.113.99")).isEqualTo(429);
  }

  private int get(String token, String forwardedFor) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/v1/ping"))
            .header("Authorization", "Bearer " + token);
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
