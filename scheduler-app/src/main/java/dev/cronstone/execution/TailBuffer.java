package dev.cronstone.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream to its end, keeping only its last {@code cap} bytes. */
final class TailBuffer {
  private final byte[] ring;
  private long total;

  TailBuffer(int cap) {
    this.ring = new byte[cap];
  }

  /** Drains the stream; returns when it ends (the process closed it). */
  void drain(InputStream in) throws IOException {
    drain(in, null);
  }

  /** Drains the stream, handing every chunk to {@code lines} too (when not null). */
  void drain(InputStream in, ProgressLines lines) throws IOException {
    drain(in, lines, null);
  }

  /**
   * Drains the stream, handing every chunk to {@code lines} and {@code capture} too (each when not
   * null); the capture is closed when the stream ends.
   */
  void drain(InputStream in, ProgressLines lines, OutputCapture capture) throws IOException {
    byte[] chunk = new byte[8192];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        append(chunk, n);
        if (lines != null) {
          lines.accept(chunk, n);
        }
        if (capture != null) {
          capture.accept(chunk, n);
        }
      }
    } finally {
      if (capture != null) {
        capture.close();
      }
    }
  }

  /** Copies the chunk into the ring (at most two copies: a flood costs no per-byte work here). */
  private synchronized void append(byte[] chunk, int n) {
    int skip = Math.max(0, n - ring.length); // only the chunk's last ring.length bytes can stay
    int at = (int) ((total + skip) % ring.length);
    int left = n - skip;
    int first = Math.min(left, ring.length - at);
    System.arraycopy(chunk, skip, ring, at, first);
    System.arraycopy(chunk, skip + first, ring, 0, left - first);
    total += n;
  }

  synchronized boolean truncated() {
    return total > ring.length;
  }

  /** The kept tail as text (a multi-byte character cut at the start is replaced, not an error). */
  synchronized String text() {
    int kept = (int) Math.min(total, ring.length);
    byte[] out = new byte[kept];
    long start = total - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
