package dev.cronstone.artifacts;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@code run_receipt.json} and of each {@code events.jsonl} line: camelCase keys, every
 * key always present (null when it has no value), enum values in lower snake case, instants in UTC
 * ISO-8601. {@link #SCHEMA_VERSION} changes only when a key is removed or changes meaning.
 *
 * <p>Written by hand into a {@link JsonBytes}, byte for byte what Jackson wrote from a tree before
 * (the receipt with {@code INDENT_OUTPUT}: Jackson's default pretty printer, two spaces an object
 * level, {@code "key" : value}, arrays on the line of their key, {@code [ ]} when empty); building
 * the tree and a generator per event cost a fifth of a node's CPU per run (JFR).
 */
final class Receipt {
  static final int SCHEMA_VERSION = 1;

  /** The line end of Jackson's default pretty printer (the platform's), and the indentations. */
  private static final String[] INDENT = {
    DefaultIndenter.SYS_LF,
    DefaultIndenter.SYS_LF + "  ",
    DefaultIndenter.SYS_LF + "    ",
    DefaultIndenter.SYS_LF + "      "
  };

  /** The codes of each ledger enum, made once rather than lower-cased on every call. */
  private static final ClassValue<String[]> NAMES =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] values = type.getEnumConstants();
          String[] names = new String[values.length];
          for (int i = 0; i < values.length; i++) {
            names[i] = values[i].toString();
          }
          return names;
        }
      };

  private Receipt() {}

  /**
   * The receipt of a (redacted) run, its attempts and the files of its folder (no line end), with
   * {@code stderrTail} (null unless the latest attempt failed with something on stderr): {@code
   * {"attemptNo", "text", "truncated"}}. The buffer is written to its file as it is.
   */
  static JsonBytes receipt(
      Run run, List<Attempt> attempts, List<String> files, Optional<StderrTail> tail) {
    JsonBytes json = new JsonBytes(1024 + 512 * attempts.size());
    json.raw('{');
    first(json, 1, "schemaVersion").number(SCHEMA_VERSION);
    next(json, 1, "runId").string(run.id().toString());
    next(json, 1, "jobId").string(run.id().jobId());
    next(json, 1, "runNo").number(run.id().runNo());
    next(json, 1, "kind").string(name(run.kind()));
    next(json, 1, "intendedFire").instant(run.intendedFire());
    next(json, 1, "replayOf").number(run.replayOf().orElse(null));
    next(json, 1, "status").string(name(run.status()));
    next(json, 1, "reason").string(run.reason().orElse(null));
    next(json, 1, "error");
    if (run.error().isPresent()) {
      error(json, run.error().get());
    } else {
      json.raw("null");
    }
    next(json, 1, "requestedBy").string(run.requestedBy());
    next(json, 1, "createdAt").instant(run.createdAt());
    next(json, 1, "startedAt").instant(run.startedAt());
    next(json, 1, "endedAt").instant(run.endedAt());
    next(json, 1, "durationMs").number(durationMs(run.startedAt(), run.endedAt()));
    next(json, 1, "attempts").raw('[');
    for (int i = 0; i < attempts.size(); i++) {
      json.raw(i == 0 ? " " : ", ");
      attempt(json, attempts.get(i));
    }
    json.raw(" ]");
    next(json, 1, "artifacts").raw('[');
    for (int i = 0; i < files.size(); i++) {
      json.raw(i == 0 ? " " : ", ").string(files.get(i));
    }
    json.raw(" ]");
    next(json, 1, "stderrTail");
    if (tail.isPresent()) {
      StderrTail t = tail.get();
      json.raw('{');
      first(json, 2, "attemptNo").number(t.attemptNo());
      next(json, 2, "text").string(t.text());
      next(json, 2, "truncated").bool(t.truncated());
      json.raw(INDENT[1]).raw('}');
    } else {
      json.raw("null");
    }
    return json.raw(INDENT[0]).raw('}');
  }

  /**
   * Writes one line of {@code events.jsonl} (no line end) to {@code json}, its texts masked by
   * {@code redactor} as they are written (no redacted copy of the event).
   */
  static void event(RunEvent e, Redactor redactor, JsonBytes json) {
    json.raw("{\"runId\":").string(e.run().toString());
    json.raw(",\"seq\":").number(e.seq());
    json.raw(",\"at\":").instant(e.at());
    json.raw(",\"attemptNo\":").number(e.attemptNo());
    json.raw(",\"type\":").string(redactor.redact(e.type()));
    json.raw(",\"message\":").string(redactor.redact(e.message()));
    json.raw(",\"data\":{");
    boolean first = true;
    for (Map.Entry<String, String> d : e.data().entrySet()) {
      if (!first) {
        json.raw(',');
      }
      json.string(d.getKey()).raw(':').string(redactor.redact(d.getValue()));
      first = false;
    }
    json.raw("}}");
  }

  private static void attempt(JsonBytes json, Attempt a) {
    json.raw('{');
    first(json, 2, "attemptNo").number(a.attemptNo());
    next(json, 2, "kind").string(name(a.kind()));
    next(json, 2, "owner").string(a.owner());
    next(json, 2, "startedAt").instant(a.startedAt());
    next(json, 2, "heartbeatAt").instant(a.heartbeatAt());
    next(json, 2, "endedAt").instant(a.endedAt());
    next(json, 2, "durationMs").number(durationMs(Optional.of(a.startedAt()), a.endedAt()));
    next(json, 2, "outcome").string(a.outcome().map(Receipt::name).orElse(null));
    next(json, 2, "exitCode").number(a.exitCode().map(Integer::longValue).orElse(null));
    next(json, 2, "detail").string(a.detail().orElse(null));
    next(json, 2, "superseded").bool(a.superseded());
    json.raw(INDENT[1]).raw('}');
  }

  private static void error(JsonBytes json, ErrorEnvelope envelope) {
    ErrorEnvelope.Body body = envelope.error();
    json.raw('{');
    first(json, 2, "code").string(body.code());
    next(json, 2, "message").string(body.message());
    next(json, 2, "jobId").string(body.jobId());
    next(json, 2, "details").raw('[');
    List<Problem> details = body.details();
    for (int i = 0; i < details.size(); i++) {
      json.raw(i == 0 ? " {" : ", {");
      first(json, 3, "path").string(details.get(i).path());
      next(json, 3, "problem").string(details.get(i).problem());
      json.raw(INDENT[2]).raw('}');
    }
    json.raw(" ]");
    json.raw(INDENT[1]).raw('}');
  }

  /** The first key of an object at {@code level} (1: the receipt's own keys). */
  private static JsonBytes first(JsonBytes json, int level, String key) {
    return json.raw(INDENT[level]).raw('"').raw(key).raw("\" : ");
  }

  /** A key after the first. */
  private static JsonBytes next(JsonBytes json, int level, String key) {
    return first(json.raw(','), level, key);
  }

  /** The stable lower snake case code of a ledger enum ({@code catch_up}, {@code timed_out}). */
  static String name(Enum<?> value) {
    return NAMES.get(value.getDeclaringClass())[value.ordinal()];
  }

  static Long durationMs(Optional<Instant> from, Optional<Instant> to) {
    return from.isPresent() && to.isPresent()
        ? Duration.between(from.get(), to.get()).toMillis()
        : null;
  }
}
