package dev.cronstone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code bin/jobs} processes of the packaged jar, as an operator starts them, with their
 * output in a file: nodes ({@code serve}) and one-shot commands timed from launch to exit.
 */
final class Processes {
  private Processes() {}

  /** The repository root: {@code $CRONSTONE_HOME}, else the working folder or its parent. */
  static Path root() {
    String home = System.getenv("CRONSTONE_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("bin/jobs")) ? here : here.getParent();
  }

  static Process start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(root().resolve("bin/jobs").toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().remove("JOBS_CONFIG");
    return builder.start();
  }

  /** A node: {@code bin/jobs --config <config> serve}, once it says it runs. */
  static Process serve(Path config, Path log) throws Exception {
    Process p = start(log, List.of("--config", config.toString(), "serve"));
    Waits.until(
        "node " + config.getFileName() + " running",
        Duration.ofSeconds(120),
        Duration.ofMillis(50),
        () -> {
          if (!p.isAlive()) {
            throw new IllegalStateException("node exited " + p.exitValue() + ": " + read(log));
          }
          return read(log).contains(" running\n");
        });
    return p;
  }

  /** A command run to its end. */
  record Timed(int exit, long millis, String output) {}

  static Timed run(Path log, List<String> args) throws Exception {
    long start = System.nanoTime();
    Process p = start(log, args);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("jobs " + args + " did not end: " + read(log));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Timed(p.exitValue(), millis, read(log));
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGKILL (kill -9): the process dies at once, as in a crash. */
  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + log + ">";
    }
  }

  /** {@code jcmd <pid> <command>}'s output. */
  static String jcmd(long pid, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
