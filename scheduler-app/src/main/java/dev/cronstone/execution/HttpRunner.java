package dev.cronstone.execution;

import dev.cronstone.model.HttpTask;
import dev.cronstone.model.HumanDuration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** Runs an HTTP task: one request; success when the status is one the task expects. */
final class HttpRunner implements TaskRunner<HttpTask> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final int bodyCap;

  HttpRunner(int bodyCap) {
    this.bodyCap = bodyCap;
  }

  @Override
  public Outcome run(HttpTask task, FireContext fire, TaskValues values)
      throws InterruptedException {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(values.render(task.url())))
              .timeout(fire.timeout())
              .method(
                  task.method().name(),
                  task.body()
                      .map(b -> HttpRequest.BodyPublishers.ofString(values.render(b)))
                      .orElse(HttpRequest.BodyPublishers.noBody()));
      task.headers().forEach((name, value) -> builder.header(name, values.render(value)));
      request = builder.build();
    } catch (IllegalArgumentException e) {
      return Outcome.failed("cannot build the request: " + e.getMessage());
    }
    String target =
        task.method().name()
            + " "
            + request.uri().getScheme()
            + "://"
            + request.uri().getAuthority()
            + request.uri().getPath();
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      String body = tail(response.body());
      Outcome.Status result =
          task.expects(status) ? Outcome.Status.SUCCEEDED : Outcome.Status.FAILED;
      return new Outcome(
          result,
          Optional.of(status),
          target + " answered " + status,
          new Outcome.Output(body, "", response.body().length > bodyCap));
    } catch (HttpTimeoutException e) {
      return Outcome.timedOut(
          target + " gave no answer within " + HumanDuration.of(fire.timeout()));
    } catch (ConnectException e) {
      return Outcome.failed(target + ": connection refused or unreachable");
    } catch (IOException e) {
      return Outcome.failed(target + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  private String tail(byte[] body) {
    int from = Math.max(0, body.length - bodyCap);
    return new String(body, from, body.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }
}
