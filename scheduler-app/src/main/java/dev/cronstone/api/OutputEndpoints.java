package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.OutputPage;
import dev.cronstone.service.RunService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /runs/{runId}/output}: a page of what an attempt of a run printed ({@code
 * ?stream=stdout|stderr|all&attempt=N&offset=K&limit=L}), its text and the offset to ask for next.
 * The run id is {@code <jobId>#<runNo>}, its {@code #} sent as {@code %23}.
 */
final class OutputEndpoints {
  static final int DEFAULT_CHUNKS = 200;
  static final int MAX_CHUNKS = 1000;

  private final RunService runs;

  OutputEndpoints(RunService runs) {
    this.runs = runs;
  }

  void routes(Router router, String prefix) {
    router.add("GET", prefix + "/runs/{runId}/output", this::page);
  }

  private void page(Call call) {
    OutputPage page = read(runs, call, call.intQuery("offset", 0, 0, Integer.MAX_VALUE));
    call.json(200, OutputView.of(page, stream(call).orElse("all")));
  }

  /** The page the call's query asks for, after {@code offset}. */
  static OutputPage read(RunService runs, Call call, int offset) {
    return runs.output(
        runId(call),
        attempt(call),
        stream(call),
        offset,
        call.intQuery("limit", DEFAULT_CHUNKS, 1, MAX_CHUNKS));
  }

  static RunId runId(Call call) {
    String text = call.param("runId");
    if (text.indexOf('%') >= 0) {
      text = URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
    return RunId.parse(text);
  }

  static Optional<Integer> attempt(Call call) {
    return call.query("attempt").isEmpty()
        ? Optional.empty()
        : Optional.of(call.intQuery("attempt", 1, 1, Integer.MAX_VALUE));
  }

  /** {@code stdout}, {@code stderr}, or empty for {@code all} (the default). */
  static Optional<String> stream(Call call) {
    String stream = call.query("stream").filter(s -> !s.isEmpty()).orElse("all");
    return switch (stream) {
      case "all" -> Optional.empty();
      case "stdout", "stderr" -> Optional.of(stream);
      default ->
          throw CronstoneException.invalidArgument(
              "stream", "must be stdout, stderr or all, got '" + stream + "'");
    };
  }

  record ChunkView(int seq, String stream, String text) {
    static ChunkView of(OutputChunk chunk) {
      return new ChunkView(chunk.seq(), chunk.stream(), chunk.text());
    }
  }

  record OutputView(
      String runId,
      int attempt,
      String stream,
      String text,
      List<ChunkView> chunks,
      int nextOffset,
      boolean attemptEnded) {
    static OutputView of(OutputPage page, String stream) {
      return new OutputView(
          page.run().toString(),
          page.attemptNo(),
          stream,
          page.text(),
          page.chunks().stream().map(ChunkView::of).toList(),
          page.nextOffset(),
          page.attemptEnded());
    }
  }
}
