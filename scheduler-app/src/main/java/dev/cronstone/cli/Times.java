package dev.cronstone.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How the CLI prints instants: in the job's zone with its offset, else UTC. */
final class Times {
  private Times() {}

  static String local(Instant instant, Optional<String> zone) {
    ZoneId id = zone.map(ZoneId::of).orElse(ZoneId.of("UTC"));
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(id));
  }

  static String local(Optional<Instant> instant, Optional<String> zone) {
    return instant.map(i -> local(i, zone)).orElse(null);
  }
}
