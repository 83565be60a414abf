package dev.cronstone.schedule;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** cronie's macros, as the five fields they stand for ({@code @reboot} is not a schedule). */
final class Macros {
  private static final Map<String, String> FIELDS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private Macros() {}

  /** Case-insensitive (cronie itself only knows the lower-case spelling). */
  static Optional<String> expand(String macro) {
    return Optional.ofNullable(FIELDS.get(macro.toLowerCase(Locale.ROOT)));
  }
}
