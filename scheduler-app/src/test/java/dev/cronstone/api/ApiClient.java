package dev.cronstone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Real HTTP to a node, each answer checked against docs/openapi.yaml. {@code template} names the
 * operation ({@code /api/v1/jobs/{id}}); the path is the template with {@code args} filled in.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final OpenApiContract contract;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String token;

  ApiClient(URI base, OpenApiContract contract, String token) {
    this.base = base;
    this.contract = contract;
    this.token = token;
  }

  ApiClient as(String otherToken) {
    return new ApiClient(base, contract, otherToken);
  }

  record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String code() {
      return json().path("error").path("code").asText();
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  Answer get(String template, Object... args) {
    return send("GET", template, path(template, args), null, null);
  }

  Answer post(String template, Object... args) {
    return send("POST", template, path(template, args), null, null);
  }

  Answer postBody(String contentType, byte[] body, String template, Object... args) {
    return send("POST", template, path(template, args), contentType, body);
  }

  /** A request to a path that no operation of the contract describes (not checked). */
  Answer raw(String method, String path, String contentType, byte[] body) {
    return send(method, null, path, contentType, body);
  }

  Answer send(String method, String template, String path, String contentType, byte[] body) {
    return send(method, template, path, contentType, body, Map.of());
  }

  /** A request with more headers ({@code If-Match} ...), checked against the contract. */
  Answer send(
      String method,
      String template,
      String path,
      String contentType,
      byte[] body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (template != null) {
      contract.check(
          method, template.split("\\?", 2)[0], response.statusCode(), type, response.body());
    }
    return new Answer(response.statusCode(), type, response.body(), response);
  }

  /** A streaming GET (Server-Sent Events): the lines as they come. */
  HttpResponse<java.util.stream.Stream<String>> stream(
      String template, String path, Optional<String> lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120)).GET();
    request.header("Authorization", "Bearer " + token);
    request.header("Accept", "text/event-stream");
    lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
    HttpResponse<java.util.stream.Stream<String>> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    String type = response.headers().firstValue("Content-Type").orElse("");
    contract.check("GET", template, response.statusCode(), type, "");
    return response;
  }

  static String path(String template, Object... args) {
    String path = template;
    for (Object arg : args) {
      int open = path.indexOf('{');
      int close = path.indexOf('}', open);
      path = path.substring(0, open) + arg + path.substring(close + 1);
    }
    return path;
  }
}
