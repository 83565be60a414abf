package dev.cronstone.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code jobs <args>} in a JVM of its own, on the test classpath: another process on the same
 * store.
 */
final class SyncProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private SyncProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static SyncProcess start(Path logDir, String name, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.cronstone.cli.JobsCommand"));
    command.addAll(List.of(args));
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("JOBS_CONFIG");
    return new SyncProcess(builder.start(), out, err);
  }

  /** Waits for the end; returns the exit code. */
  int await() throws InterruptedException {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("jobs did not finish within 120 s: " + output());
    }
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String output() {
    try {
      return stdout() + Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<unreadable: " + e.getMessage() + ">";
    }
  }
}
