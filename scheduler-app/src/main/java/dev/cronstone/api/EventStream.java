package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.RunService;
import dev.cronstone.view.EventView;
import dev.cronstone.view.RunView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /jobs/{id}/runs/{runNo}/events/stream}: Server-Sent Events. Replays the run's events
 * after {@code Last-Event-ID} (else {@code ?after=}, else from the start), then follows new ones
 * across all attempts, each as {@code id: <seq>} and {@code data: <event JSON>}; a comment line
 * every {@link #HEARTBEAT} keeps proxies from closing an idle stream. When the run has ended and
 * every event is sent, an {@code event: end} carries the final run, and the stream closes.
 */
final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final Duration POLL = Duration.ofMillis(300);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final int PAGE = 500;

  private final RunService runs;
  private final AtomicBoolean open;

  EventStream(RunService runs, AtomicBoolean open) {
    this.runs = runs;
    this.open = open;
  }

  void routes(Router router, String prefix) {
    router.add("GET", prefix + "/jobs/{id}/runs/{runNo}/events/stream", this::stream);
  }

  private void stream(Call call) throws IOException, InterruptedException {
    RunId id = RunEndpoints.runId(call);
    runs.run(id); // 404 before the stream starts
    long after = start(call);
    var response = call.response();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    OutputStream out = Content.Sink.asOutputStream(response);
    try {
      write(out, ": events of run " + id + "\nretry: 2000\n\n");
      follow(id, after, out);
      out.close();
      call.callback().succeeded();
    } catch (IOException e) {
      LOG.debug("event stream of {} ended: {}", id, e.getMessage());
      call.callback().failed(e);
    }
  }

  private void follow(RunId id, long after, OutputStream out)
      throws IOException, InterruptedException {
    long lastWrite = System.nanoTime();
    while (open.get()) {
      Run run = runs.run(id);
      List<RunEvent> events = runs.events(id, after, PAGE);
      for (RunEvent event : events) {
        write(out, "id: " + event.seq() + "\ndata: " + ApiJson.text(EventView.of(event)) + "\n\n");
        after = event.seq();
      }
      if (events.size() == PAGE) {
        lastWrite = System.nanoTime();
        continue;
      }
      if (run.status().terminal()) {
        write(out, "event: end\ndata: " + ApiJson.text(RunView.of(run)) + "\n\n");
        return;
      }
      if (!events.isEmpty()) {
        lastWrite = System.nanoTime();
      } else if (System.nanoTime() - lastWrite >= HEARTBEAT.toNanos()) {
        write(out, ": heartbeat\n\n");
        lastWrite = System.nanoTime();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** {@code Last-Event-ID} (a reconnect) wins over {@code ?after=}. */
  private static long start(Call call) {
    return lastEventId(call, "an event sequence number")
        .orElseGet(() -> call.longQuery("after", 0, 0, Long.MAX_VALUE));
  }

  /**
   * The {@code Last-Event-ID} header a reconnecting client sends, when present; refused ({@code
   * invalid_argument}) unless a whole number of 0 or more ({@code what} says which).
   */
  static Optional<Long> lastEventId(Call call, String what) {
    Optional<String> last = call.header("Last-Event-ID").filter(s -> !s.isBlank());
    if (last.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(last.get().trim());
      if (seq >= 0) {
        return Optional.of(seq);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CronstoneException.invalidArgument(
        "Last-Event-ID", "must be " + what + ", got '" + last.get() + "'");
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
