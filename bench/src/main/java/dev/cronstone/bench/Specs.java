package dev.cronstone.bench;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The job specs the benchmarks use, as the JSON an operator would write. */
final class Specs {
  /** A schedule that does not fire during a benchmark (next 1 January, 00:00 UTC). */
  static final String YEARLY = "0 0 1 1 *";

  private Specs() {}

  static String id(String prefix, int i) {
    return String.format("%s-%06d", prefix, i);
  }

  /** A built-in {@code noop} job, scheduled by {@code cron} (UTC) or manual-only. */
  static String noop(String id, Optional<String> cron) {
    return "{\"id\": \""
        + id
        + "\", "
        + cron.map(c -> "\"schedule\": {\"cron\": \"" + c + "\", \"timezone\": \"UTC\"}, ")
            .orElse("")
        + "\"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}";
  }

  /** A recoverable job that sleeps {@code duration}, manual-only. */
  static String sleeper(String id, String duration) {
    return "{\"id\": \""
        + id
        + "\", \"recover\": true, \"task\": {\"type\": \"builtin\", \"name\": \"sleep\","
        + " \"args\": {\"duration\": \""
        + duration
        + "\"}}, \"limits\": {\"timeout\": \"PT10M\"}}";
  }

  /**
   * A command job firing every second (UTC) whose shell appends {@code job fireTime node} to {@code
   * file}; it may run at most 10 s.
   */
  static String appender(String id, Path file) {
    return "{\"id\": \""
        + id
        + "\", \"schedule\": {\"cron\": \"* * * * * ?\", \"timezone\": \"UTC\"},"
        + " \"task\": {\"type\": \"command\", \"command\": [\"/bin/sh\", \"-c\","
        + " \"echo \\\"$0 $1 $2\\\" >> "
        + file.toAbsolutePath()
        + "\", \"${jobId}\", \"${fireTime}\", \"${nodeId}\"]},"
        + " \"limits\": {\"timeout\": \"PT10S\"}}";
  }

  static JobSpec parse(String id, String json, Clock clock) {
    SpecFile file =
        new SpecLoader(clock).parse(id + ".json", json.getBytes(StandardCharsets.UTF_8));
    return file.spec().orElseThrow(file::exception);
  }
}
