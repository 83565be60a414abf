package dev.cronstone.artifacts;

import java.util.Objects;

/**
 * Masks one output stream that arrives in pieces: whole lines, and pieces of a line too long to
 * wait for (see {@code OutputCapture}). A secret may fall across the cut between two pieces of one
 * line, so the end of a piece that does not end its line is held back, up to the longest secret's
 * length less one character, and goes out in front of the next piece: a secret is always masked
 * within one text. A held-back end that is not part of a secret is sent with the next piece, or by
 * {@link #close}. Without secrets to search inside text, nothing is held back. Not thread-safe: one
 * per stream.
 */
public final class LineRedactor {
  private final Redactor redactor;
  private final int overlap;
  private String carry = "";

  public LineRedactor(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.overlap = Math.max(0, redactor.longestInText() - 1);
  }

  /**
   * The masked text to pass on for this piece (possibly empty): all of it when it ends its line
   * (its line end kept), else all but the held-back end.
   */
  public String next(String piece) {
    String text = carry + piece;
    if (text.endsWith("\n") || overlap == 0) {
      carry = "";
      return redactLine(text);
    }
    int cut = redactor.cutOutsideSecrets(text, Math.max(0, text.length() - overlap));
    if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--; // never split a surrogate pair
    }
    carry = text.substring(cut);
    return cut == 0 ? "" : redactor.redact(text.substring(0, cut));
  }

  /** The stream ended: the held-back end, masked (empty when nothing is held back). */
  public String close() {
    String rest = carry;
    carry = "";
    return rest.isEmpty() ? rest : redactLine(rest);
  }

  /** The text with its secrets masked, its line end kept (a line that is a secret is masked). */
  private String redactLine(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return end == 0 ? text : redactor.redact(text.substring(0, end)) + text.substring(end);
  }
}
