package dev.cronstone.artifacts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without {@link java.time.format.DateTimeFormatter}, which a JFR
 * profile showed costing more than the rest of a run's summary: the same characters ({@code
 * 2026-11-21T01:30:00.020Z}: UTC, seconds always, a fraction of 3, 6 or 9 digits only when there
 * are nanoseconds), written straight into a buffer. Years outside 0000–9999 (which {@code toString}
 * writes with a sign) are left to {@code toString}.
 */
final class IsoInstant {
  /** The longest text this writes: {@code 9999-12-31T23:59:59.999999999Z}. */
  static final int MAX_LENGTH = 30;

  private static final long FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
  private static final int SECONDS_PER_DAY = 86_400;

  private IsoInstant() {}

  /** Exactly {@code instant.toString()}. */
  static String format(Instant instant) {
    byte[] text = new byte[MAX_LENGTH];
    int end = write(instant, text, 0);
    return end < 0 ? instant.toString() : new String(text, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@code instant.toString()} (ASCII) at {@code at}, which has room for {@link #MAX_LENGTH}
   * bytes; returns where it ended, or -1, having written nothing, for a year outside 0000–9999.
   */
  static int write(Instant instant, byte[] out, int at) {
    long second = instant.getEpochSecond();
    if (second < FIRST_SECOND || second > LAST_SECOND) {
      return -1;
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, SECONDS_PER_DAY));
    int time = (int) Math.floorMod(second, SECONDS_PER_DAY);
    int year = date.getYear();
    int i = two(out, two(out, at, year / 100), year % 100);
    out[i++] = '-';
    i = two(out, i, date.getMonthValue());
    out[i++] = '-';
    i = two(out, i, date.getDayOfMonth());
    out[i++] = 'T';
    i = two(out, i, time / 3600);
    out[i++] = ':';
    i = two(out, i, time / 60 % 60);
    out[i++] = ':';
    i = two(out, i, time % 60);
    int nanos = instant.getNano();
    if (nanos > 0) {
      out[i++] = '.';
      if (nanos % 1_000_000 == 0) {
        i = three(out, i, nanos / 1_000_000);
      } else if (nanos % 1000 == 0) {
        int micros = nanos / 1000;
        i = three(out, three(out, i, micros / 1000), micros % 1000);
      } else {
        i =
            three(
                out,
                three(out, three(out, i, nanos / 1_000_000), nanos / 1000 % 1000),
                nanos % 1000);
      }
    }
    out[i++] = 'Z';
    return i;
  }

  /** {@code value} (0–999) in three digits. */
  private static int three(byte[] out, int at, int value) {
    out[at] = (byte) ('0' + value / 100);
    return two(out, at + 1, value % 100);
  }

  /** {@code value} (0–99) in two digits. */
  private static int two(byte[] out, int at, int value) {
    out[at] = (byte) ('0' + value / 10);
    out[at + 1] = (byte) ('0' + value % 10);
    return at + 2;
  }
}
