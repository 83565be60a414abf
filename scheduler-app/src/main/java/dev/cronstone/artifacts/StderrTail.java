package dev.cronstone.artifacts;

import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The last lines of what a failed attempt printed on stderr, for {@code summary.md} and {@code
 * run_receipt.json}: at most {@link #MAX_LINES} lines and {@link #MAX_BYTES} bytes, secrets masked.
 *
 * @param truncated whether lines before these were left out
 */
record StderrTail(int attemptNo, String text, boolean truncated) {
  static final int MAX_LINES = 20;
  static final int MAX_BYTES = 4096;

  /**
   * The tail of the attempt that just ended ({@code output} is its capture), when it is the run's
   * latest attempt and it failed or timed out with something on stderr.
   */
  static Optional<StderrTail> of(
      Optional<Outcome.Output> output, List<Attempt> attempts, Redactor redactor) {
    Optional<Attempt> latest = attempts.stream().max(Comparator.comparingInt(Attempt::attemptNo));
    if (output.isEmpty()
        || latest.isEmpty()
        || latest.get().outcome().filter(StderrTail::failed).isEmpty()
        || output.get().stderr().isBlank()) {
      return Optional.empty();
    }
    String stderr = output.get().stderr();
    String tail = lastLines(stderr);
    boolean cut = tail.length() < stderr.length() || output.get().truncated();
    return Optional.of(
        new StderrTail(
            latest.get().attemptNo(), redactor.redactTail(tail, cut).stripTrailing(), cut));
  }

  private static boolean failed(RunStatus status) {
    return status == RunStatus.FAILED || status == RunStatus.TIMED_OUT;
  }

  /** The last {@link #MAX_LINES} lines, within {@link #MAX_BYTES} bytes. */
  static String lastLines(String text) {
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    int start = body.length();
    for (int lines = 0; lines < MAX_LINES && start > 0; lines++) {
      start = body.lastIndexOf('\n', start - 1);
      if (start < 0) {
        start = 0;
        break;
      }
    }
    String tail = body.substring(start == 0 ? 0 : start + 1);
    byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BYTES) {
      return tail;
    }
    int from = bytes.length - MAX_BYTES;
    while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
      from++; // not inside a character
    }
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }

  /** A Markdown fence longer than any run of backticks in the text. */
  String fence() {
    String fence = "```";
    while (text.contains(fence)) {
      fence += "`";
    }
    return fence;
  }
}
