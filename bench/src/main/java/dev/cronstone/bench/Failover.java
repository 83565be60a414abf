package dev.cronstone.bench;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
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
 * Failover: two clustered {@code jobs serve} processes on PostgreSQL; a recoverable job sleeps on
 * one of them; that node is killed with SIGKILL; the time from the kill to the recovery attempt
 * running on the survivor (its {@code started_at}). The killed node is started again between
 * repetitions.
 */
@Command(
    name = "failover",
    description = "kill -9 of the node running a recoverable job -> recovery attempt running",
    mixinStandardHelpOptions = true)
final class Failover implements Callable<Integer> {
  static final String JOB = "failover-job";

  @Mixin Common common;

  @Option(names = "--repetitions", description = "kills (default 5)", defaultValue = "5")
  int repetitions;

  @Override
  public Integer call() throws Exception {
    if (!common.postgres()) {
      throw new IllegalArgumentException("failover needs a cluster: --db postgresql");
    }
    Report report = new Report("failover", common.machine());
    report.parameter("db", common.db).parameter("repetitions", repetitions);
    Path work = common.work();
    Files.createDirectories(work.resolve("jobs"));
    Files.writeString(work.resolve("jobs").resolve(JOB + ".json"), Specs.sleeper(JOB, "PT120S"));
    Configs.Node settings =
        new Configs.Node(
            common.store("failover"),
            "AUTO",
            true,
            work.resolve("jobs"),
            work.resolve("runs"),
            true,
            25);
    Map<String, Path> configs = new LinkedHashMap<>();
    for (String id : List.of("node-a", "node-b")) {
      configs.put(id, settings.withNodeId(id).write(work.resolve(id + ".yaml")));
    }
    NodeConfig client = settings.withNodeId("bench-client").load(work.resolve("client.yaml"));
    report.parameter("checkinInterval", client.cluster().checkinInterval().toString());
    report.parameter("failureGrace", client.cluster().failureGrace().toString());
    Map<String, Process> nodes = new LinkedHashMap<>();
    List<Long> failover = new ArrayList<>();
    try (RunService runs = RunService.open(client, Clock.systemUTC(), AdminStore.Use.WRITE)) {
      for (var e : configs.entrySet()) {
        nodes.put(e.getKey(), Processes.serve(e.getValue(), work.resolve(e.getKey() + ".log")));
      }
      for (int rep = 1; rep <= repetitions; rep++) {
        Run run = runs.runNow(JOB, "bench");
        Attempt first = RunNow.started(runs, run);
        String victim = first.owner();
        Process process = nodes.get(victim);
        if (process == null) {
          throw new IllegalStateException("attempt owned by an unknown node " + victim);
        }
        Thread.sleep(1500); // the attempt has heartbeated and the victim has checked in
        long killed = System.currentTimeMillis();
        Processes.kill(process);
        Attempt recovery = recovery(runs, run);
        long millis = recovery.startedAt().toEpochMilli() - killed;
        failover.add(millis);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("repetition", rep);
        row.put("killed", victim);
        row.put("recovered_on", recovery.owner());
        row.put("kill_to_recovery_running_ms", millis);
        report.row(row);
        System.err.println("failover: " + row);
        runs.cancel(run.id(), "bench");
        // The replacement gets a new id: the victim's stays taken until it is declared dead.
        nodes.remove(victim);
        String replacement = "node-" + (char) ('a' + nodes.size() + rep);
        Path config = settings.withNodeId(replacement).write(work.resolve(replacement + ".yaml"));
        nodes.put(replacement, Processes.serve(config, work.resolve(replacement + ".log")));
      }
    } finally {
      for (Process p : nodes.values()) {
        Processes.stop(p);
      }
    }
    report.summary("kill_to_recovery_running", Stats.summary(failover, "ms"));
    report.note(
        "the victim is killed 1.5 s after its attempt started; the survivor detects it after"
            + " max(checkinInterval, its own lag) + failureGrace without a check-in");
    return common.finish(report, "failover");
  }

  private static Attempt recovery(RunService runs, Run run) throws Exception {
    Attempt[] found = new Attempt[1];
    Waits.until(
        "recovery attempt of " + run.id(),
        Duration.ofSeconds(120),
        Duration.ofMillis(10),
        () -> {
          Optional<Attempt> r =
              runs.attempts(run.id()).stream()
                  .filter(a -> a.kind() == AttemptKind.RECOVERY)
                  .findFirst();
          r.ifPresent(a -> found[0] = a);
          return r.isPresent();
        });
    return found[0];
  }
}
