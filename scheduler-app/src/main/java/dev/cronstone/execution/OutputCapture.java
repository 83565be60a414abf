package dev.cronstone.execution;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One stream of a task's output as it is read: split into lines (a line longer than {@link
 * #MAX_PIECE} bytes goes in pieces of that size), decoded as UTF-8 (bytes that are not UTF-8, and
 * NUL, become U+FFFD), and handed to the sink, until {@code bound} bytes of text went out. Past the
 * bound the rest is counted, not kept, and {@link #close} says how much was dropped. Not
 * thread-safe: one reader thread per stream.
 */
final class OutputCapture {
  /** The most bytes of one line handed on at once. */
  static final int MAX_PIECE = 8 * 1024;

  private final OutputSink.Stream stream;
  private final OutputSink sink;
  private final long bound;
  private final byte[] line = new byte[MAX_PIECE];
  private int length;
  private long kept;
  private long dropped;
  private boolean closed;

  OutputCapture(OutputSink.Stream stream, OutputSink sink, long bound) {
    this.stream = stream;
    this.sink = sink;
    this.bound = bound;
  }

  void accept(byte[] chunk, int n) {
    for (int i = 0; i < n; i++) {
      if (dropped > 0) {
        dropped += n - i; // past the bound: only counted
        return;
      }
      line[length++] = chunk[i];
      if (chunk[i] == '\n') {
        emit(length);
      } else if (length == MAX_PIECE) {
        emit(boundary());
      }
    }
  }

  /**
   * The stream ended: the last line without its end, then the truncation mark if any (once: a
   * second call does nothing).
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (length > 0) {
      emit(length);
    }
    if (dropped > 0) {
      sink.write(stream, mark(dropped, bound));
    }
    sink.close(stream);
  }

  OutputSink.Stream stream() {
    return stream;
  }

  long dropped() {
    return dropped;
  }

  static String mark(long dropped, long bound) {
    return "\n[cronstone] output truncated: "
        + dropped
        + " more bytes dropped past artifacts.maxOutputBytes ("
        + bound
        + ")\n";
  }

  /** Where a full piece is cut: not inside a UTF-8 character that started in its last 3 bytes. */
  private int boundary() {
    for (int back = 1; back <= 3; back++) {
      int b = line[length - back] & 0xFF;
      if (b >= 0xC0) { // a lead byte: cut before it unless its character is complete
        int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        return size > back ? length - back : length;
      }
      if (b < 0x80) {
        return length;
      }
    }
    return length;
  }

  /** Hands on the first {@code n} bytes of the line; the rest starts the next piece. */
  private void emit(int n) {
    String text = decode(line, n);
    int bytes = utf8Length(text);
    System.arraycopy(line, n, line, 0, length - n);
    length -= n;
    if (kept + bytes <= bound) {
      kept += bytes;
      sink.write(stream, text);
      return;
    }
    String fits = prefix(text, bound - kept);
    kept += utf8Length(fits);
    dropped = Math.max(1, bytes - utf8Length(fits));
    if (!fits.isEmpty()) {
      sink.write(stream, fits);
    }
  }

  /** The longest prefix of {@code text} whose UTF-8 form has at most {@code max} bytes. */
  private static String prefix(String text, long max) {
    long used = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + size > max) {
        break;
      }
      used += size;
      i += Character.charCount(cp);
    }
    return text.substring(0, i);
  }

  private static String decode(byte[] bytes, int n) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer chars;
    try {
      chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException(e); // REPLACE never throws
    }
    return chars.toString().replace('\0', '\uFFFD');
  }

  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
