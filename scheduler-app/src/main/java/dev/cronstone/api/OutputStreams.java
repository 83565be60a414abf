package dev.cronstone.api;

import dev.cronstone.api.OutputEndpoints.ChunkView;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.OutputPage;
import dev.cronstone.service.RunService;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /runs/{runId}/output/stream}: Server-Sent Events following what an attempt prints
 * (query as for {@code /output}). Each chunk is {@code id: <seq>}, {@code event: stdout|stderr},
 * {@code data: {"seq", "stream", "text"}}, from {@code Last-Event-ID} (else {@code ?offset=}, else
 * the start). When the attempt has ended and all it printed is sent, {@code event: end} carries the
 * attempt and the last offset, and the stream closes. A comment every {@link EventStream#HEARTBEAT}
 * keeps proxies from closing an idle stream.
 */
final class OutputStreams {
  private static final Logger LOG = LoggerFactory.getLogger(OutputStreams.class);

  private final RunService runs;
  private final AtomicBoolean open;

  OutputStreams(RunService runs, AtomicBoolean open) {
    this.runs = runs;
    this.open = open;
  }

  void routes(Router router, String prefix) {
    router.add("GET", prefix + "/runs/{runId}/output/stream", this::stream);
  }

  private void stream(Call call) throws IOException, InterruptedException {
    RunId id = OutputEndpoints.runId(call);
    OutputPage first = OutputEndpoints.read(runs, call, start(call)); // 4xx before the stream
    var response = call.response();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    OutputStream out = Content.Sink.asOutputStream(response);
    try {
      write(out, ": output of run " + id + ", attempt " + first.attemptNo() + "\nretry: 2000\n\n");
      follow(call, first, out);
      out.close();
      call.callback().succeeded();
    } catch (IOException e) {
      LOG.debug("output stream of {} ended: {}", id, e.getMessage());
      call.callback().failed(e);
    }
  }

  private void follow(Call call, OutputPage page, OutputStream out)
      throws IOException, InterruptedException {
    Optional<Integer> attempt = Optional.of(page.attemptNo()).filter(no -> no > 0);
    long lastWrite = System.nanoTime();
    while (open.get()) {
      for (OutputChunk chunk : page.chunks()) {
        write(
            out,
            "id: "
                + chunk.seq()
                + "\nevent: "
                + chunk.stream()
                + "\ndata: "
                + ApiJson.text(ChunkView.of(chunk))
                + "\n\n");
      }
      boolean full = page.chunks().size() == OutputEndpoints.MAX_CHUNKS;
      if (!page.chunks().isEmpty()) {
        lastWrite = System.nanoTime();
      } else if (page.attemptEnded()) {
        Map<String, Object> end =
            Map.of(
                "runId", page.run().toString(),
                "attempt", page.attemptNo(),
                "nextOffset", page.nextOffset());
        write(out, "event: end\ndata: " + ApiJson.text(end) + "\n\n");
        return;
      } else if (System.nanoTime() - lastWrite >= EventStream.HEARTBEAT.toNanos()) {
        write(out, ": heartbeat\n\n");
        lastWrite = System.nanoTime();
      }
      if (!full && page.chunks().isEmpty()) {
        Thread.sleep(EventStream.POLL.toMillis());
      }
      int next = page.nextOffset();
      page =
          runs.output(
              page.run(),
              attempt.isPresent() ? attempt : OutputEndpoints.attempt(call),
              OutputEndpoints.stream(call),
              next,
              OutputEndpoints.MAX_CHUNKS);
      if (attempt.isEmpty() && page.attemptNo() > 0) {
        attempt = Optional.of(page.attemptNo()); // the run's first attempt began meanwhile
      }
    }
  }

  /** {@code Last-Event-ID} (a reconnect) wins over {@code ?offset=}. */
  private static int start(Call call) {
    return EventStream.lastEventId(call, "an output offset")
        .map(seq -> (int) Math.min(seq, Integer.MAX_VALUE))
        .orElseGet(() -> call.intQuery("offset", 0, 0, Integer.MAX_VALUE));
  }

  private static void write(OutputStream out, String text) throws IOException {
    EventStream.write(out, text);
  }
}
