package dev.cronstone.execution;

import static org.awaitility.Awaitility.await;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;

/** Test helpers for command tasks as real processes: pid files, liveness, fires. */
final class TaskProcesses {
  static final Instant FIRE = Instant.parse("2026-03-29T01:30:00Z");

  private TaskProcesses() {}

  static JobSpec spec(String yaml) {
    SpecFile file =
        new SpecLoader(Clock.systemUTC()).parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    if (!file.problems().isEmpty()) {
      throw new IllegalArgumentException(file.problems().toString());
    }
    return file.spec().orElseThrow();
  }

  static FireContext fire(JobSpec job) {
    return new FireContext(
        job.id(), "node-t", FIRE, Optional.empty(), ZoneId.of("UTC"), job.limits().timeout());
  }

  /** A command task running {@code script} with {@code /bin/sh -c} (YAML single-quoted). */
  static JobSpec shell(String script, Duration timeout) {
    return spec(
        "id: grp\ntask:\n  type: command\n  command:\n    - /bin/sh\n    - -c\n    - '"
            + script.replace("'", "''")
            + "'\nlimits: { timeout: "
            + timeout
            + " }\n");
  }

  /** The pid written to {@code file}, once it is there (bounded wait). */
  static long pidIn(Path file) {
    await("pid in " + file.getFileName())
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.exists(file)
                    && !Files.readString(file).isBlank()
                    && Files.readString(file).endsWith("\n"));
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Running: alive and not a zombie (a zombie has ended; init just has not reaped it yet). */
  static boolean running(long pid) {
    return ProcStat.of(pid).map(s -> !s.zombie()).orElse(false);
  }

  static void awaitGone(Duration within, long... pids) {
    await("processes end")
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Arrays.stream(pids).noneMatch(TaskProcesses::running));
  }

  static void killQuietly(long... pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
