package dev.cronstone.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code bin/jobs} process of the packaged jar, run from the repository root as an operator
 * runs it, with its output in a file. For integration tests that need several node processes.
 */
public final class NodeProcess implements AutoCloseable {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern API_LINE = Pattern.compile("(?m)^API listening on (https?://\\S+)$");

  private final String name;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code bin/jobs <args>} with its stdout and stderr in {@code <logDir>/<name>.log}. */
  public static NodeProcess start(String name, Path logDir, Map<String, String> env, String... args)
      throws IOException {
    return startVia(List.of(), name, logDir, env, args);
  }

  /**
   * As {@link #start}, through {@code launcher}: a program that execs its arguments (so the process
   * keeps its pid and gets the signals sent to it), such as one that resets a signal's disposition.
   */
  public static NodeProcess startVia(
      List<String> launcher, String name, Path logDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.add(ROOT.resolve("bin/jobs").toString());
    command.addAll(List.of(args));
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().remove("JOBS_CONFIG");
    builder.environment().putAll(env);
    return new NodeProcess(name, builder.start(), log);
  }

  /**
   * Starts {@code bin/jobs serve} as node {@code id}: a copy of {@code configTemplate} (a config
   * saying {@code nodeId: AUTO}) with the node's own id, written beside it.
   */
  public static NodeProcess serve(
      String id, Path configTemplate, Path logDir, Map<String, String> env) throws IOException {
    return serve(id, configTemplate, logDir, id, env);
  }

  /** As {@link #serve(String, Path, Path, Map)}, its output in {@code <logDir>/<logName>.log}. */
  public static NodeProcess serve(
      String id, Path configTemplate, Path logDir, String logName, Map<String, String> env)
      throws IOException {
    Path own = configTemplate.resolveSibling(id + ".yaml");
    Files.writeString(
        own, Files.readString(configTemplate).replace("nodeId: AUTO", "nodeId: " + id));
    return start(logName, logDir, env, "--config", own.toString(), "serve");
  }

  /** Runs {@code bin/jobs <args>} to its end and returns its exit code and output. */
  public static Result run(Path logDir, String name, String... args)
      throws IOException, InterruptedException {
    try (NodeProcess p = start(name, logDir, Map.of(), args)) {
      if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "jobs " + String.join(" ", args) + " did not finish: " + p.output());
      }
      return new Result(p.process.exitValue(), p.output());
    }
  }

  public record Result(int exit, String output) {}

  /** Waits until the node has printed that it runs. */
  public NodeProcess awaitRunning(Duration within) {
    await(name + " running")
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> output().contains(" running\n") || !process.isAlive());
    if (!process.isAlive()) {
      throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
    }
    return this;
  }

  /**
   * The URL the node's HTTP server listens on, as the node printed it ({@code API listening on
   * http://127.0.0.1:PORT}; test configs use {@code api.port: 0}, so every node gets its own).
   */
  public URI apiUri(Duration within) {
    await(name + " API listening")
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> API_LINE.matcher(output()).find() || !process.isAlive());
    Matcher m = API_LINE.matcher(output());
    if (!m.find()) {
      throw new AssertionError(name + " exited without an API:\n" + output());
    }
    return URI.create(m.group(1));
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + log + ": " + e.getMessage() + ">";
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then waits for a clean exit; returns the exit code. */
  public int stop(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not stop within " + within + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Sends signal {@code name} ({@code INT}, {@code TERM}) to the process, as {@code kill} does. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
    }
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + within + ":\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: the process dies at once, as in a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
