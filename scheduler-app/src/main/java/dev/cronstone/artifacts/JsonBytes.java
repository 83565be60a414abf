package dev.cronstone.artifacts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A growing UTF-8 buffer that JSON is written into by hand, with the escaping Jackson's {@code
 * UTF8JsonGenerator} applies under its default settings, so the bytes are the ones Jackson wrote
 * before: quote, back slash, {@code \b \t \n \f \r} as short escapes; other control characters and
 * every UTF-16 surrogate (both halves of an emoji too) as a <code>&#92;uXXXX</code> escape with
 * upper-case hex digits; everything else, {@code /} and the rest of non-ASCII included, as it is in
 * UTF-8. A generator per event and a tree per receipt cost more than writing the run's files did
 * (JFR).
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHORT_ESCAPES = new byte[128]; // 0: written as it is

  static {
    for (int c = 0; c < 0x20; c++) {
      SHORT_ESCAPES[c] = 'u';
    }
    SHORT_ESCAPES['"'] = '"';
    SHORT_ESCAPES['\\'] = '\\';
    SHORT_ESCAPES['\b'] = 'b';
    SHORT_ESCAPES['\t'] = 't';
    SHORT_ESCAPES['\f'] = 'f';
    SHORT_ESCAPES['\n'] = 'n';
    SHORT_ESCAPES['\r'] = 'r';
  }

  private byte[] bytes;
  private int size;

  JsonBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** ASCII text as it is: punctuation, keys and indentation the caller knows need no escaping. */
  JsonBytes raw(String ascii) {
    int length = ascii.length();
    room(length);
    for (int i = 0; i < length; i++) {
      bytes[size++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  JsonBytes raw(char ascii) {
    room(1);
    bytes[size++] = (byte) ascii;
    return this;
  }

  /** A JSON string, or {@code null}. */
  JsonBytes string(String text) {
    if (text == null) {
      return raw("null");
    }
    int length = text.length();
    room(length + 2);
    bytes[size++] = '"';
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80 && SHORT_ESCAPES[c] == 0) {
        if (size == bytes.length) {
          room(length - i + 1);
        }
        bytes[size++] = (byte) c;
      } else {
        special(c);
      }
    }
    return raw('"');
  }

  private void special(char c) {
    room(6 + 1);
    if (c < 0x80) {
      bytes[size++] = '\\';
      byte escape = SHORT_ESCAPES[c];
      if (escape == 'u') {
        unicode(c);
      } else {
        bytes[size++] = escape;
      }
    } else if (c < 0x800) {
      bytes[size++] = (byte) (0xC0 | (c >> 6));
      bytes[size++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isSurrogate(c)) {
      bytes[size++] = '\\';
      unicode(c);
    } else {
      bytes[size++] = (byte) (0xE0 | (c >> 12));
      bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      bytes[size++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  private void unicode(char c) {
    bytes[size++] = 'u';
    bytes[size++] = HEX[c >> 12];
    bytes[size++] = HEX[(c >> 8) & 0xF];
    bytes[size++] = HEX[(c >> 4) & 0xF];
    bytes[size++] = HEX[c & 0xF];
  }

  /** A string of {@code instant.toString()}. */
  JsonBytes instant(Instant instant) {
    room(IsoInstant.MAX_LENGTH + 2);
    bytes[size] = '"';
    int end = IsoInstant.write(instant, bytes, size + 1);
    if (end < 0) {
      return string(instant.toString());
    }
    bytes[end] = '"';
    size = end + 1;
    return this;
  }

  /** A string of the instant, or {@code null}. */
  JsonBytes instant(Optional<Instant> instant) {
    return instant.isPresent() ? instant(instant.get()) : raw("null");
  }

  JsonBytes number(long value) {
    if (value < 0) {
      return raw(Long.toString(value)); // rare: run and attempt numbers, durations are positive
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    room(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
    return this;
  }

  /** The number, or {@code null}. */
  JsonBytes number(Long value) {
    return value == null ? raw("null") : number(value.longValue());
  }

  JsonBytes bool(boolean value) {
    return raw(value ? "true" : "false");
  }

  /** The buffer itself, valid up to {@link #size()}: no copy to write it to a file. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void room(int more) {
    if (bytes.length - size < more) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
