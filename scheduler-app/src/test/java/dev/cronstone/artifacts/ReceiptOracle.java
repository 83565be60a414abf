package dev.cronstone.artifacts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receipt, the event lines and the redacted copies as the first release made them (a Jackson
 * tree written with {@code INDENT_OUTPUT}, a generator per event, each record copied through the
 * redactor first): the oracle the hand-written JSON must match byte for byte.
 */
final class ReceiptOracle {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReceiptOracle() {}

  static byte[] receipt(
      Run run, List<Attempt> attempts, List<String> files, Optional<StderrTail> tail) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schemaVersion", Receipt.SCHEMA_VERSION);
    node.put("runId", run.id().toString());
    node.put("jobId", run.id().jobId());
    node.put("runNo", run.id().runNo());
    node.put("kind", run.kind().toString());
    node.put("intendedFire", run.intendedFire().toString());
    node.put("replayOf", run.replayOf().orElse(null));
    node.put("status", run.status().toString());
    node.put("reason", run.reason().orElse(null));
    node.set("error", run.error().map(ReceiptOracle::error).orElse(null));
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
    try {
      return PRETTY.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code events.jsonl} as the first release wrote it: sorted, redacted copies, a line each. */
  static byte[] eventLines(List<RunEvent> events, Redactor redactor) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(256 * events.size());
    for (RunEvent e : sorted(events)) {
      event(redacted(e, redactor), lines);
      lines.write('\n');
    }
    return lines.toByteArray();
  }

  static List<RunEvent> sorted(List<RunEvent> events) {
    List<RunEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingLong(RunEvent::seq));
    return ordered;
  }

  static RunEvent redacted(RunEvent e, Redactor r) {
    return new RunEvent(
        e.run(),
        e.seq(),
        e.at(),
        e.attemptNo(),
        r.redact(e.type()),
        r.redact(e.message()),
        r.redact(e.data()));
  }

  static Run redacted(Run run, Redactor r) {
    return new Run(
        run.id(),
        run.kind(),
        run.intendedFire(),
        run.replayOf(),
        run.status(),
        run.reason().map(r::redact),
        run.error().map(e -> redacted(e, r)),
        r.redact(run.requestedBy()),
        run.createdAt(),
        run.startedAt(),
        run.endedAt(),
        run.attempts(),
        run.backfillId(),
        run.upstream());
  }

  /** The attempts sorted by number, each redacted. */
  static List<Attempt> redacted(List<Attempt> attempts, Redactor r) {
    return attempts.stream()
        .sorted(Comparator.comparingInt(Attempt::attemptNo))
        .map(a -> redacted(a, r))
        .toList();
  }

  static Attempt redacted(Attempt a, Redactor r) {
    return new Attempt(
        a.run(),
        a.attemptNo(),
        a.kind(),
        r.redact(a.owner()),
        a.startedAt(),
        a.heartbeatAt(),
        a.endedAt(),
        a.outcome(),
        a.exitCode(),
        a.detail().map(r::redact),
        a.superseded());
  }

  static ErrorEnvelope redacted(ErrorEnvelope envelope, Redactor r) {
    ErrorEnvelope.Body body = envelope.error();
    return new ErrorEnvelope(
        new ErrorEnvelope.Body(
            body.code(),
            r.redact(body.message()),
            body.jobId(),
            body.details().stream()
                .map(p -> new Problem(r.redact(p.path()), r.redact(p.problem())))
                .toList()));
  }

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
    node.put("kind", a.kind().toString());
    node.put("owner", a.owner());
    node.put("startedAt", a.startedAt().toString());
    node.put("heartbeatAt", a.heartbeatAt().toString());
    node.put("endedAt", text(a.endedAt()));
    node.put("durationMs", durationMs(Optional.of(a.startedAt()), a.endedAt()));
    node.put("outcome", a.outcome().map(Enum::toString).orElse(null));
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

  private static String text(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse(null);
  }

  private static Long durationMs(Optional<Instant> from, Optional<Instant> to) {
    return from.isPresent() && to.isPresent()
        ? Duration.between(from.get(), to.get()).toMillis()
        : null;
  }
}
