package dev.cronstone.bench;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.ledger.Run;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.RunService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The CLI's answer time: a real {@code jobs serve} node runs on the store, and each command is run
 * {@code --repeat} times as a fresh {@code bin/jobs} process (class-data sharing as the launcher
 * sets it up), timed from launch to exit. The commands are interleaved, so a burst of load on the
 * machine touches every command alike.
 */
@Command(
    name = "cli",
    description = "cold bin/jobs commands against a store with a node running: p50/p90/max each",
    mixinStandardHelpOptions = true)
final class CliBench implements Callable<Integer> {
  static final String JOB = "cli-job";
  static final String SLEEPER = "cli-sleeper";

  /** The commands timed, in the order of each round. */
  static final List<String> COMMANDS =
      List.of(
          "list",
          "show",
          "next",
          "pause",
          "resume",
          "history",
          "tail",
          "run",
          "cancel",
          "store nodes");

  @Mixin Common common;

  @Option(
      names = "--repeat",
      description = "cold runs of each command (default 10)",
      defaultValue = "10")
  int repeat;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("cli", common.machine());
    report.parameter("db", common.db).parameter("repeat", repeat);
    report.parameter("jobs_cds", System.getenv().getOrDefault("JOBS_CDS", "on"));
    Path work = common.work();
    Path jobs = Files.createDirectories(work.resolve("jobs"));
    Files.writeString(jobs.resolve(JOB + ".json"), Specs.noop(JOB, Optional.of(Specs.YEARLY)));
    Files.writeString(jobs.resolve(SLEEPER + ".json"), sleeper());
    Configs.Node settings =
        new Configs.Node(
            common.store("cli"), "bench-cli", false, jobs, work.resolve("runs"), true, 25);
    Path configFile = settings.write(work.resolve("node.yaml"));
    NodeConfig config = settings.load(work.resolve("client.yaml"));
    Process node = Processes.serve(configFile, work.resolve("node.log"));
    Map<String, List<Long>> times = new LinkedHashMap<>();
    COMMANDS.forEach(c -> times.put(c, new ArrayList<>()));
    try (RunService runs = RunService.open(config, Clock.systemUTC(), AdminStore.Use.WRITE)) {
      for (int i = 0; i < 3; i++) { // a history to read and a run to tail
        RunNow.started(runs, runs.runNow(JOB, "bench"));
      }
      RunNow.started(runs, runs.runNow(SLEEPER, "bench")); // holds the sleeper's only slot
      if (!warmUp(work, configFile)) {
        report.note("no class-data archive appeared within 120 s: the commands ran without one");
      }
      for (int i = 1; i <= repeat; i++) {
        Run waiting = runs.runNow(SLEEPER, "bench"); // queued behind the running one
        for (String command : COMMANDS) {
          List<String> args = new ArrayList<>(List.of("--config", configFile.toString()));
          args.addAll(arguments(command, waiting));
          long millis = timed(report, work, command, i, args);
          times.get(command).add(millis);
        }
      }
    } finally {
      Processes.stop(node);
    }
    times.forEach((command, values) -> report.summary(command, summary(values)));
    report.note(
        "wall time of a fresh bin/jobs process, launch to exit, with a node running on the store;"
            + " 'run' only queues (no --wait), 'cancel' ends a run queued behind a running one");
    return common.finish(report, "cli");
  }

  /** The arguments of {@code command} in this round. */
  private static List<String> arguments(String command, Run waiting) {
    return switch (command) {
      case "show", "next", "pause", "resume", "history", "tail", "run" -> List.of(command, JOB);
      case "cancel" -> List.of("cancel", waiting.id().toString());
      case "store nodes" -> List.of("store", "nodes");
      default -> List.of(command);
    };
  }

  /**
   * One untimed command, then the launcher's class-data archive (built in the background after a
   * build) is waited for, so every timed run maps it as an operator's would.
   */
  private static boolean warmUp(Path work, Path configFile) throws Exception {
    Processes.run(work.resolve("warm-up.log"), List.of("--config", configFile.toString(), "list"));
    if ("off".equals(System.getenv("JOBS_CDS"))) {
      return true;
    }
    String custom = System.getenv("JOBS_CDS_ARCHIVE");
    String jar = System.getenv("CRONSTONE_JAR");
    Path archive =
        custom != null
            ? Path.of(custom)
            : Path.of(
                (jar != null ? jar : Processes.root().resolve("scheduler-app/target/cronstone.jar"))
                    + ".jsa");
    Path lock = Path.of(archive + ".lock");
    try {
      Waits.until(
          "the class-data archive " + archive,
          Duration.ofSeconds(120),
          Duration.ofMillis(200),
          () -> Files.exists(archive) && !Files.exists(lock));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static long timed(Report report, Path work, String command, int i, List<String> args)
      throws Exception {
    Processes.Timed t =
        Processes.run(work.resolve(command.replace(' ', '-') + "-" + i + ".log"), args);
    if (t.exit() != 0) {
      throw new IllegalStateException("jobs " + args + " exited " + t.exit() + ": " + t.output());
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("command", "jobs " + command);
    row.put("run", i);
    row.put("wall_ms", t.millis());
    report.row(row);
    return t.millis();
  }

  private static Map<String, Object> summary(List<Long> values) {
    double[] sorted = Stats.sorted(values);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", sorted.length);
    out.put("p50_ms", Stats.round(Stats.percentile(sorted, 50)));
    out.put("p90_ms", Stats.round(Stats.percentile(sorted, 90)));
    out.put("max_ms", Stats.round(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
    return out;
  }

  /** A manual job that sleeps ten minutes, one run at a time, a further run waiting its turn. */
  private static String sleeper() {
    return "{\"id\": \""
        + SLEEPER
        + "\", \"task\": {\"type\": \"builtin\", \"name\": \"sleep\","
        + " \"args\": {\"duration\": \"PT10M\"}},"
        + " \"limits\": {\"timeout\": \"PT20M\", \"maxConcurrent\": 1, \"overlap\": \"queue\"}}";
  }
}
