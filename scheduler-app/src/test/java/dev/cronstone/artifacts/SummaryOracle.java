package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code summary.md} as the first release wrote it: the oracle {@link Summary} must match. */
final class SummaryOracle {
  private SummaryOracle() {}

  static String of(Run run, List<Attempt> attempts, List<String> files) {
    return of(run, attempts, files, Optional.empty());
  }

  static String of(Run run, List<Attempt> attempts, List<String> files, Optional<StderrTail> tail) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(run.id()).append(": ").append(run.status().toString()).append("\n\n");
    md.append("| | |\n| --- | --- |\n");
    row(md, "job", run.id().jobId());
    row(
        md,
        "run",
        run.id().runNo()
            + " ("
            + run.kind().toString()
            + run.replayOf().map(n -> ", replays run " + n).orElse("")
            + ")");
    row(md, "intended fire", run.intendedFire().toString());
    row(md, "requested by", run.requestedBy());
    row(md, "created", run.createdAt().toString());
    row(md, "started", text(run.startedAt()));
    row(md, "ended", text(run.endedAt()) + duration(run.startedAt(), run.endedAt()));
    row(md, "status", run.status().toString() + run.reason().map(r -> " (" + r + ")").orElse(""));
    row(md, "attempts", String.valueOf(attempts.size()));
    md.append('\n');
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
    md.append("## Why\n\n`")
        .append(error.code())
        .append("`: ")
        .append(line(error.message()))
        .append("\n");
    error
        .details()
        .forEach(
            p ->
                md.append("- `")
                    .append(line(p.path()))
                    .append("`: ")
                    .append(line(p.problem()))
                    .append('\n'));
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
      md.append("| ")
          .append(a.attemptNo())
          .append(" | ")
          .append(a.kind().toString())
          .append(" | ")
          .append(cell(a.owner()))
          .append(" | ")
          .append(a.startedAt())
          .append(" | ")
          .append(text(a.endedAt()))
          .append(" | ")
          .append(a.outcome().map(Enum::toString).orElse("-"))
          .append(a.superseded() ? " (superseded)" : "")
          .append(" | ")
          .append(a.exitCode().map(String::valueOf).orElse("-"))
          .append(" | ")
          .append(cell(a.detail().orElse("-")))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(cell(value)).append(" |\n");
  }

  private static String text(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse("-");
  }

  private static String duration(Optional<Instant> from, Optional<Instant> to) {
    Long ms = durationMs(from, to);
    return ms == null ? "" : " after " + ms + " ms";
  }

  /** One table cell: no line breaks, pipes escaped. */
  private static String cell(String text) {
    return line(text).replace("|", "\\|");
  }

  private static Long durationMs(Optional<Instant> from, Optional<Instant> to) {
    return from.isPresent() && to.isPresent()
        ? java.time.Duration.between(from.get(), to.get()).toMillis()
        : null;
  }

  private static String line(String text) {
    return text == null ? "-" : text.replace("\r", "").replace('\n', ' ');
  }
}
