package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random ledger records with hostile texts (quotes, back slashes, control characters, lone and
 * paired surrogates, {@code </script>}, pipes, fences, secrets, URLs with passwords, long texts),
 * absent optionals and extreme instants, for the byte-for-byte comparisons with the oracles.
 */
final class RandomRuns {
  static final String SECRET = "s3cr3t-value-42";
  static final String SHORT_SECRET = "ab";

  private static final String[] PIECES = {
    "",
    "plain",
    " ",
    "\"quoted\"",
    "back\\slash",
    "\\u0041 not an escape",
    "line\nbreak",
    "\r\n",
    "\t\b\f",
    "\u0000\u0001\u001f",
    "\u007f\u0080\u00ff",
    "é ü ß",
    "日本語",
    "😀🎉",
    "\uD800",
    "\uDFFF",
    "\uFFFD\uFFFF",
    "\u2028\u2029",
    "</script><!--",
    "a|b||c",
    "```code```",
    "https://user:pw@example.com/x?token=abc&page=2",
    "key=value",
    SECRET,
    "with " + SECRET + " inside",
    SHORT_SECRET,
    "/slash/",
    "{\"json\": [1, 2]}",
    "-",
  };

  private final Random random;

  RandomRuns(long seed) {
    this.random = new Random(seed);
  }

  Redactor redactor() {
    return switch (random.nextInt(3)) {
      case 0 -> Redactor.none();
      case 1 -> Redactor.of(List.of(SECRET, SHORT_SECRET));
      default -> Redactor.of(List.of());
    };
  }

  String text() {
    int n = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    if (random.nextInt(40) == 0) {
      text.append("long é😀\"\u0002 ".repeat(2000 + random.nextInt(2000)));
    }
    return text.toString();
  }

  /** An instant of any year {@link Instant} allows, mostly recent ones, any precision. */
  Instant instant() {
    return switch (random.nextInt(10)) {
      case 0 ->
          Instant.ofEpochSecond(
              Instant.MIN.getEpochSecond()
                  + (long) (random.nextDouble() * (Instant.MAX.getEpochSecond() * 2.0)),
              nanos());
      case 1 -> Instant.ofEpochSecond(0, nanos());
      default -> recent();
    };
  }

  /** An instant between 1900 and 2200, for durations that fit in milliseconds. */
  Instant recent() {
    return Instant.ofEpochSecond(-2_208_988_800L + random.nextLong(9_467_280_000L), nanos());
  }

  private int nanos() {
    return switch (random.nextInt(5)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1000;
      default -> random.nextInt(1_000_000_000);
    };
  }

  private <T> Optional<T> maybe(T value) {
    return random.nextBoolean() ? Optional.of(value) : Optional.empty();
  }

  private <T extends Enum<T>> T any(Class<T> type) {
    T[] values = type.getEnumConstants();
    return values[random.nextInt(values.length)];
  }

  RunId id() {
    return new RunId("job-" + random.nextInt(100), 1 + random.nextInt(2_000_000));
  }

  Run run(RunId id) {
    Optional<ErrorEnvelope> error = Optional.empty();
    if (random.nextBoolean()) {
      List<Problem> details = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        details.add(new Problem(text(), text()));
      }
      error =
          Optional.of(
              new ErrorEnvelope(
                  new ErrorEnvelope.Body(
                      "job_" + text(), text(), random.nextBoolean() ? null : text(), details)));
    }
    return new Run(
        id,
        any(RunKind.class),
        instant(),
        maybe(random.nextLong(Long.MAX_VALUE)),
        any(RunStatus.class),
        maybe(text()),
        error,
        text(),
        instant(),
        maybe(recent()),
        maybe(recent()),
        random.nextInt(5));
  }

  List<Attempt> attempts(RunId id) {
    int n = random.nextInt(6) == 0 ? 0 : random.nextInt(random.nextInt(8) == 0 ? 40 : 4);
    List<Attempt> attempts = new ArrayList<>();
    for (int no = n; no >= 1; no--) { // out of order: the writer sorts them
      attempts.add(
          new Attempt(
              id,
              no,
              any(AttemptKind.class),
              text(),
              recent(),
              instant(),
              maybe(recent()),
              maybe(any(RunStatus.class)),
              maybe(random.nextInt() >> random.nextInt(32)),
              maybe(text()),
              random.nextBoolean()));
    }
    return attempts;
  }

  List<RunEvent> events(RunId id) {
    int n = random.nextInt(6) == 0 ? 0 : random.nextInt(random.nextInt(8) == 0 ? 300 : 6);
    List<RunEvent> events = new ArrayList<>();
    for (int seq = n; seq >= 1; seq--) {
      Map<String, String> data = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        data.put(text(), random.nextInt(10) == 0 ? null : text());
      }
      events.add(new RunEvent(id, seq, instant(), random.nextInt(4), text(), text(), data));
    }
    return events;
  }

  Optional<StderrTail> tail() {
    return maybe(new StderrTail(1 + random.nextInt(9), text(), random.nextBoolean()));
  }

  List<String> files() {
    List<String> files = new ArrayList<>();
    for (String f : List.of("run_receipt.json", "summary.md", "events.jsonl", text(), text())) {
      if (random.nextInt(4) > 0) {
        files.add(f);
      }
    }
    return files;
  }

  Optional<Outcome.Output> output() {
    return random.nextBoolean()
        ? Optional.empty()
        : Optional.of(new Outcome.Output(text(), text(), random.nextInt(4) == 0));
  }
}
