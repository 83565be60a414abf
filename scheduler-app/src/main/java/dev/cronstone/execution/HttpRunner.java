package dev.cronstone.execution;

import dev.cronstone.model.HttpTask;
import dev.cronstone.model.HumanDuration;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an HTTP task: one request; success when the status is one the task expects. What it prints,
 * through the same capture as a command's output (bounded, masked by the sink's owner): on stdout
 * the request line ({@code > GET https://host/path}, never the query), the status ({@code < 200}),
 * then the answer's body as it arrives; on stderr, when the attempt did not succeed, the reason.
 * The body is read as a stream: only its last {@code bodyCap} bytes are kept for the artifacts, and
 * the task's timeout, counted from the request, also bounds the reading of the body.
 */
final class HttpRunner implements TaskRunner<HttpTask> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final int bodyCap;
  private final OutputSink sink;

  /**
   * @param sink hears the exchange while it runs, up to {@code bodyCap} bytes per stream
   */
  HttpRunner(HttpClient client, int bodyCap, OutputSink sink) {
    this.client = client;
    this.bodyCap = bodyCap;
    this.sink = sink;
  }

  /** A client for HTTP tasks: no redirect followed, a bounded connect time. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Outcome run(HttpTask task, FireContext fire, TaskValues values)
      throws InterruptedException {
    OutputSink heard = CommandRunner.tolerant(sink, fire);
    OutputCapture out = new OutputCapture(OutputSink.Stream.STDOUT, heard, bodyCap);
    Outcome outcome = exchange(task, fire, values, out);
    out.close();
    if (outcome.status() != Outcome.Status.SUCCEEDED) {
      OutputCapture err = new OutputCapture(OutputSink.Stream.STDERR, heard, bodyCap);
      byte[] reason = (outcome.detail() + "\n").getBytes(StandardCharsets.UTF_8);
      err.accept(reason, reason.length);
      err.close();
    }
    return outcome;
  }

  private Outcome exchange(HttpTask task, FireContext fire, TaskValues values, OutputCapture out)
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
    print(out, "> " + target + "\n");
    long started = System.nanoTime();
    AtomicBoolean late = new AtomicBoolean();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      print(out, "< " + status + "\n");
      TailBuffer body = new TailBuffer(bodyCap);
      long left = fire.timeout().toNanos() - (System.nanoTime() - started);
      CompletableFuture<Void> deadline =
          CompletableFuture.runAsync(
              () -> {
                late.set(true);
                closeQuietly(response.body());
              },
              CompletableFuture.delayedExecutor(Math.max(0, left), TimeUnit.NANOSECONDS));
      try {
        body.drain(response.body(), null, out);
      } finally {
        deadline.cancel(false);
      }
      if (late.get()) {
        return bodyTooSlow(target, fire);
      }
      Outcome.Status result =
          task.expects(status) ? Outcome.Status.SUCCEEDED : Outcome.Status.FAILED;
      return new Outcome(
          result,
          Optional.of(status),
          target + " answered " + status,
          new Outcome.Output(body.text(), "", body.truncated()));
    } catch (HttpTimeoutException e) {
      return Outcome.timedOut(
          target + " gave no answer within " + HumanDuration.of(fire.timeout()));
    } catch (ConnectException e) {
      return Outcome.failed(target + ": connection refused or unreachable");
    } catch (IOException e) {
      if (late.get()) {
        return bodyTooSlow(target, fire);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      return Outcome.failed(target + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /** The answer's body was still coming when the timeout (counted from the request) ran out. */
  private static Outcome bodyTooSlow(String target, FireContext fire) {
    return Outcome.timedOut(
        target + " did not finish its answer within " + HumanDuration.of(fire.timeout()));
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing is how the read is stopped; a failure to close changes nothing
    }
  }

  private static void print(OutputCapture out, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    out.accept(bytes, bytes.length);
  }

  private static InterruptedException interrupted(IOException cause) {
    InterruptedException e = new InterruptedException("stopped while reading the answer");
    e.initCause(cause);
    return e;
  }
}
