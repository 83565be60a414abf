package dev.cronstone.bench;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.ledger.Attempt;
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
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Run-now latency: a node runs as a real {@code jobs serve} process; this process asks for runs
 * through the same service {@code jobs run} uses, and times from the request being in the store
 * (the call returned: run queued, trigger committed) to the attempt running on the node (its {@code
 * started_at}). The CLI's own cost is timed apart: {@code bin/jobs run} from launch to exit, and
 * from launch to the attempt running.
 */
@Command(
    name = "run-now",
    description = "latency from a run request in the store to the attempt running on a node",
    mixinStandardHelpOptions = true)
final class RunNow implements Callable<Integer> {
  static final String JOB = "now-job";

  @Mixin Common common;

  @Option(
      names = "--requests",
      description = "requests made in process (default 30)",
      defaultValue = "30")
  int requests;

  @Option(
      names = "--cli",
      description = "requests made with bin/jobs run (default 5)",
      defaultValue = "5")
  int cli;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("run-now", common.machine());
    report.parameter("db", common.db).parameter("requests", requests).parameter("cli", cli);
    Path work = common.work();
    Files.createDirectories(work.resolve("jobs"));
    Files.writeString(
        work.resolve("jobs").resolve(JOB + ".json"), Specs.noop(JOB, Optional.empty()));
    Configs.Node settings =
        new Configs.Node(
            common.store("run_now"),
            "bench-run-now",
            false,
            work.resolve("jobs"),
            work.resolve("runs"),
            true,
            25);
    Path configFile = settings.write(work.resolve("node.yaml"));
    NodeConfig config = settings.load(work.resolve("client.yaml"));
    Process node = Processes.serve(configFile, work.resolve("node.log"));
    List<Long> inStore = new ArrayList<>();
    List<Long> fromCreated = new ArrayList<>();
    List<Long> cliWall = new ArrayList<>();
    List<Long> cliToRunning = new ArrayList<>();
    Random random = new Random(42);
    try (RunService runs = RunService.open(config, Clock.systemUTC(), AdminStore.Use.WRITE)) {
      started(runs, runs.runNow(JOB, "bench")); // warm-up: the client's first request
      for (int i = 1; i <= requests; i++) {
        Thread.sleep(300 + random.nextInt(1500));
        Run run = runs.runNow(JOB, "bench");
        long requested = System.currentTimeMillis();
        Attempt attempt = started(runs, run);
        long latency = attempt.startedAt().toEpochMilli() - requested;
        inStore.add(latency);
        fromCreated.add(attempt.startedAt().toEpochMilli() - run.createdAt().toEpochMilli());
        report.row(row("in-process", i, latency, null, null));
      }
      for (int i = 1; i <= cli; i++) {
        Thread.sleep(300 + random.nextInt(1500));
        long launched = System.currentTimeMillis();
        Processes.Timed timed =
            Processes.run(
                work.resolve("cli-" + i + ".log"),
                List.of("--config", configFile.toString(), "run", JOB));
        if (timed.exit() != 0) {
          throw new IllegalStateException("jobs run failed: " + timed.output());
        }
        String runId =
            timed
                .output()
                .lines()
                .filter(l -> l.startsWith(JOB + "#"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no run id in: " + timed.output()));
        Run run = runs.run(dev.cronstone.ledger.RunId.parse(runId));
        Attempt attempt = started(runs, run);
        long toRunning = attempt.startedAt().toEpochMilli() - launched;
        cliWall.add(timed.millis());
        cliToRunning.add(toRunning);
        report.row(row("bin/jobs run", i, null, timed.millis(), toRunning));
      }
    } finally {
      Processes.stop(node);
    }
    report.summary("request_in_store_to_running", Stats.summary(inStore, "ms"));
    report.summary("run_created_to_running", Stats.summary(fromCreated, "ms"));
    report.summary("cli_wall", Stats.summary(cliWall, "ms"));
    report.summary("cli_launch_to_running", Stats.summary(cliToRunning, "ms"));
    report.note(
        "requests are spaced 0.3-1.8 s apart at random, so they land at every phase of the"
            + " node's idle wait");
    return common.finish(report, "run-now");
  }

  private static Map<String, Object> row(
      String via, int i, Long latency, Long wall, Long toRunning) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("via", via);
    row.put("request", i);
    row.put("store_to_running_ms", latency);
    row.put("cli_wall_ms", wall);
    row.put("cli_launch_to_running_ms", toRunning);
    return row;
  }

  /** The run's first attempt, once it has started. */
  static Attempt started(RunService runs, Run run) throws Exception {
    Attempt[] found = new Attempt[1];
    Waits.until(
        "attempt of " + run.id() + " running",
        Duration.ofSeconds(60),
        Duration.ofMillis(5),
        () -> {
          List<Attempt> attempts = runs.attempts(run.id());
          if (attempts.isEmpty()) {
            return false;
          }
          found[0] = attempts.get(0);
          return true;
        });
    return found[0];
  }
}
