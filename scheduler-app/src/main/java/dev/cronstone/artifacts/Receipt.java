package dev.cronstone.artifacts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@code run_receipt.json} and of each {@code events.jsonl} line: camelCase keys, every
 * key always present (null when it has no value), enum values in lower snake case, instants in UTC
 * ISO-8601. {@link #SCHEMA_VERSION} changes only when a key is removed or changes meaning.
 */
final class Receipt {
  static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Receipt() {}

  /** The receipt of a (redacted) run, its attempts and the files of its folder. */
  static byte[] receipt(Run run, List<Attempt> attempts, List<String> files) {
    return receipt(run, attempts, files, Optional.empty());
  }

  /**
   * The receipt, with {@code stderrTail} (null unless the latest attempt failed with something on
   * stderr): {@code {"attemptNo", "text", "truncated"}}.
   */
  static byte[] receipt(
      Run run, List<Attempt> attempts, List<String> files, Optional<StderrTail> tail) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schemaVersion", SCHEMA_VERSION);
    node.put("runId", run.id().toString());
    node.put("jobId", run.id().jobId());
    node.put("runNo", run.id().runNo());
    node.put("kind", name(run.kind()));
    node.put("intendedFire", run.intendedFire().toString());
    node.put("replayOf", run.replayOf().orElse(null));
    node.put("status", name(run.status()));
    node.put("reason", run.reason().orElse(null));
    node.set("error", run.error().map(Receipt::error).orElse(null));
    node.put("requestedBy", run.requestedBy());
    node.put("createdAt", run.createdAt().toString());
    node.put("startedAt", text(run.startedAt()));
    node.put("endedAt", text(run.endedAt()));
    node.put("durationMs", durationMs(run.startedAt(), run.endedAt()));
    ArrayNode list = node.putArray("attempts");
    attempts.forEach(a -> list.add(attempt(a)));
    ArrayNode names = node.putArray("artifacts");
    files.forEach(names::add);
    node.set(
        "stderrTail",
        tail.map(
                t -> {
                  ObjectNode n = JSON.createObjectNode();
                  n.put("attemptNo", t.attemptNo());
                  n.put("text", t.text());
                  n.put("truncated", t.truncated());
                  return n;
                })
            .orElse(null));
    return bytes(PRETTY, node);
  }

  /**
   * Writes one line of {@code events.jsonl} (no newline) to {@code out}, streamed: the same bytes
   * as the tree {@link #JSON} would write, without building one per event (every run writes
   * several).
   */
  static void event(RunEvent e, OutputStream out) {
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("runId", e.run().toString());
      g.writeNumberField("seq", e.seq());
      g.writeStringField("at", e.at().toString());
      g.writeNumberField("attemptNo", e.attemptNo());
      g.writeStringField("type", e.type());
      g.writeStringField("message", e.message());
      g.writeObjectFieldStart("data");
      for (Map.Entry<String, String> d : e.data().entrySet()) {
        g.writeStringField(d.getKey(), d.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }

  private static ObjectNode attempt(Attempt a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("attemptNo", a.attemptNo());
    node.put("kind", name(a.kind()));
    node.put("owner", a.owner());
    node.put("startedAt", a.startedAt().toString());
    node.put("heartbeatAt", a.heartbeatAt().toString());
    node.put("endedAt", text(a.endedAt()));
    node.put("durationMs", durationMs(Optional.of(a.startedAt()), a.endedAt()));
    node.put("outcome", a.outcome().map(Receipt::name).orElse(null));
    node.put("exitCode", a.exitCode().orElse(null));
    node.put("detail", a.detail().orElse(null));
    node.put("superseded", a.superseded());
    return node;
  }

  private static ObjectNode error(ErrorEnvelope envelope) {
    ErrorEnvelope.Body body = envelope.error();
    ObjectNode node = JSON.createObjectNode();
    node.put("code", body.code());
    node.put("message", body.message());
    node.put("jobId", body.jobId());
    ArrayNode details = node.putArray("details");
    body.details()
        .forEach(p -> details.addObject().put("path", p.path()).put("problem", p.problem()));
    return node;
  }

  /** The stable lower snake case code of a ledger enum ({@code catch_up}, {@code timed_out}). */
  static String name(Enum<?> value) {
    return value.toString();
  }

  private static String text(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse(null);
  }

  static Long durationMs(Optional<Instant> from, Optional<Instant> to) {
    return from.isPresent() && to.isPresent()
        ? Duration.between(from.get(), to.get()).toMillis()
        : null;
  }

  private static byte[] bytes(ObjectMapper mapper, ObjectNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
