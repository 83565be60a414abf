package dev.cronstone.service;

import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.RunId;
import java.util.List;
import java.util.Objects;

/**
 * A page of what an attempt's task printed.
 *
 * @param attemptNo the attempt read (0 when the run has none yet)
 * @param attemptEnded whether the attempt had ended before the page was read: then, once a page
 *     comes back short of its limit, there is no more to read
 * @param chunks the chunks after the offset asked for, in order
 * @param nextOffset the offset to ask for next: the last chunk's seq, else the offset asked for
 */
public record OutputPage(
    RunId run, int attemptNo, boolean attemptEnded, List<OutputChunk> chunks, int nextOffset) {
  public OutputPage {
    Objects.requireNonNull(run, "run");
    chunks = List.copyOf(chunks);
  }

  /** The chunks' text, one after the other. */
  public String text() {
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.text()));
    return text.toString();
  }
}
