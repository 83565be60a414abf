package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code summary.md}: for people: what ran, when, how it ended and why, each attempt, the files.
 *
 * <p>Appended straight into one builder, texts cleaned as they are copied and instants through
 * {@link IsoInstant}: every run writes one, and the intermediate strings and {@code
 * Instant.toString} showed in the node's profile.
 */
final class Summary {
  private Summary() {}

  static String of(Run run, List<Attempt> attempts, List<String> files) {
    return of(run, attempts, files, Optional.empty());
  }

  static String of(Run run, List<Attempt> attempts, List<String> files, Optional<StderrTail> tail) {
    StringBuilder md = new StringBuilder(768 + 160 * attempts.size());
    md.append("# ").append(run.id()).append(": ").append(Receipt.name(run.status())).append("\n\n");
    md.append("| | |\n| --- | --- |\n");
    cell(md.append("| job | "), run.id().jobId()).append(" |\n");
    md.append("| run | ").append(run.id().runNo()).append(" (").append(Receipt.name(run.kind()));
    if (run.replayOf().isPresent()) {
      md.append(", replays run ").append(run.replayOf().get().longValue());
    }
    md.append(") |\n");
    instant(md.append("| intended fire | "), run.intendedFire()).append(" |\n");
    cell(md.append("| requested by | "), run.requestedBy()).append(" |\n");
    instant(md.append("| created | "), run.createdAt()).append(" |\n");
    instant(md.append("| started | "), run.startedAt()).append(" |\n");
    instant(md.append("| ended | "), run.endedAt());
    Long ms = Receipt.durationMs(run.startedAt(), run.endedAt());
    if (ms != null) {
      md.append(" after ").append(ms.longValue()).append(" ms");
    }
    md.append(" |\n| status | ").append(Receipt.name(run.status()));
    if (run.reason().isPresent()) {
      cell(md.append(" ("), run.reason().get()).append(')');
    }
    md.append(" |\n| attempts | ").append(attempts.size()).append(" |\n\n");
    run.error().ifPresent(e -> why(md, e));
    attempts(md, attempts);
    tail.ifPresent(t -> stderr(md, t));
    md.append("## Files\n\n");
    files.forEach(f -> md.append("- `").append(f).append("`\n"));
    return md.toString();
  }

  private static void stderr(StringBuilder md, StderrTail tail) {
    md.append("## stderr of attempt ")
        .append(tail.attemptNo())
        .append(tail.truncated() ? " (its last lines)" : "")
        .append("\n\n")
        .append(tail.fence())
        .append("text\n")
        .append(tail.text())
        .append('\n')
        .append(tail.fence())
        .append("\n\n");
  }

  private static void why(StringBuilder md, ErrorEnvelope envelope) {
    ErrorEnvelope.Body error = envelope.error();
    md.append("## Why\n\n`").append(error.code()).append("`: ");
    line(md, error.message(), false).append('\n');
    for (Problem p : error.details()) {
      line(md.append("- `"), p.path(), false).append("`: ");
      line(md, p.problem(), false).append('\n');
    }
    md.append('\n');
  }

  private static void attempts(StringBuilder md, List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      md.append("## Attempts\n\nNone: the task never started.\n\n");
      return;
    }
    md.append("## Attempts\n\n| # | kind | owner | started | ended | outcome | exit | detail |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Attempt a : attempts) {
      md.append("| ").append(a.attemptNo()).append(" | ").append(Receipt.name(a.kind()));
      cell(md.append(" | "), a.owner()).append(" | ");
      instant(md, a.startedAt()).append(" | ");
      instant(md, a.endedAt()).append(" | ");
      md.append(a.outcome().isPresent() ? Receipt.name(a.outcome().get()) : "-");
      md.append(a.superseded() ? " (superseded) | " : " | ");
      if (a.exitCode().isPresent()) {
        md.append(a.exitCode().get().intValue());
      } else {
        md.append('-');
      }
      cell(md.append(" | "), a.detail().orElse("-")).append(" |\n");
    }
    md.append('\n');
  }

  private static StringBuilder instant(StringBuilder md, Instant instant) {
    return md.append(IsoInstant.format(instant));
  }

  private static StringBuilder instant(StringBuilder md, Optional<Instant> instant) {
    return instant.isPresent() ? instant(md, instant.get()) : md.append('-');
  }

  /** One table cell: no line breaks, pipes escaped. */
  private static StringBuilder cell(StringBuilder md, String text) {
    return line(md, text, true);
  }

  /**
   * The text on one line: carriage returns dropped, line feeds as spaces, and in a table cell pipes
   * escaped; {@code -} for null.
   */
  private static StringBuilder line(StringBuilder md, String text, boolean cell) {
    if (text == null) {
      return md.append('-');
    }
    int length = text.length();
    int plain = 0;
    while (plain < length && !special(text.charAt(plain), cell)) {
      plain++;
    }
    if (plain == length) {
      return md.append(text); // most texts: nothing to change, one copy
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        continue;
      }
      if (c == '\n') {
        md.append(' ');
      } else {
        if (c == '|' && cell) {
          md.append('\\');
        }
        md.append(c);
      }
    }
    return md;
  }

  private static boolean special(char c, boolean cell) {
    return c == '\r' || c == '\n' || (c == '|' && cell);
  }
}
