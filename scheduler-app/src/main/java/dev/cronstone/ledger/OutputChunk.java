package dev.cronstone.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A piece of what an attempt's task printed: whole lines of one stream, in the order read.
 *
 * @param seq the chunk's number in its attempt (1, 2, 3 ... across both streams)
 * @param stream {@code stdout} or {@code stderr}
 */
public record OutputChunk(
    RunId run, int attemptNo, int seq, String stream, String text, Instant at) {
  public OutputChunk {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw new IllegalArgumentException("stream must be stdout or stderr, got '" + stream + "'");
    }
  }
}
