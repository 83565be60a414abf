package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A real cluster: {@code --nodes} clustered {@code jobs serve} processes on one PostgreSQL database
 * run {@code --jobs} command jobs, each firing every second. Each fire's shell appends its job,
 * fire instant and node to a file, so an execution the ledger did not record, or a second execution
 * of one fire, would show there. Measured over a window that opens {@code --warmup} after every
 * node has started an attempt: start lateness (attempt 1's {@code started_at} minus the intended
 * fire, from the ledger), runs by status and by node, fires neither run nor recorded, and fires
 * executed twice.
 */
@Command(
    name = "cluster",
    description =
        "N jobs serve nodes, command jobs every second: start lateness, skips, duplicates",
    mixinStandardHelpOptions = true)
final class Cluster implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--jobs", description = "command jobs (default 20)", defaultValue = "20")
  int jobs;

  @Option(names = "--nodes", description = "jobs serve processes (default 2)", defaultValue = "2")
  int nodes;

  @Option(
      names = "--threads",
      description = "scheduler.threads of each node (default 20)",
      defaultValue = "20")
  int threads;

  @Option(
      names = "--seconds",
      description = "length of the measured window (default 60)",
      defaultValue = "60")
  int seconds;

  @Option(
      names = "--warmup",
      description = "from every node running to the window (default PT15S)",
      defaultValue = "PT15S")
  Duration warmup;

  @Override
  public Integer call() throws Exception {
    if (!common.postgres()) {
      throw new IllegalArgumentException("cluster needs a shared database: --db postgresql");
    }
    if (jobs < 1 || nodes < 1 || seconds < 1 || threads < 1) {
      throw new IllegalArgumentException("--jobs, --nodes, --threads and --seconds must be >= 1");
    }
    Report report = new Report("cluster", common.machine());
    report.parameter("db", common.db).parameter("jobs", jobs).parameter("nodes", nodes);
    report.parameter("threads", threads).parameter("seconds", seconds);
    report.parameter("warmup", warmup.toString());
    Path work = common.work();
    Path jobsDir = Files.createDirectories(work.resolve("jobs"));
    Path fires = work.resolve("fires.log");
    Files.deleteIfExists(fires);
    Files.createFile(fires);
    for (int i = 0; i < jobs; i++) {
      String id = Specs.id("every-second", i);
      Files.writeString(jobsDir.resolve(id + ".json"), Specs.appender(id, fires));
    }
    String url = common.store("cluster");
    Configs.Node settings =
        new Configs.Node(url, "AUTO", true, jobsDir, work.resolve("runs"), true, threads);
    List<Process> started = new ArrayList<>();
    Instant from;
    Instant until;
    try (HikariDataSource pool = Stores.pool("bench-cluster", url, 2)) {
      try {
        for (int n = 0; n < nodes; n++) {
          String id = "node-" + (char) ('a' + n);
          Path config = settings.withNodeId(id).write(work.resolve(id + ".yaml"));
          started.add(Processes.serve(config, work.resolve(id + ".log")));
        }
        from =
            Instant.now()
                .plus(warmup)
                .plusSeconds(1)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        until = from.plusSeconds(seconds);
        System.err.println("cluster: measuring fires from " + from + " until " + until);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()));
        long expected = (long) jobs * seconds;
        try {
          Waits.until(
              "every fire of the window recorded",
              Duration.ofSeconds(60),
              Duration.ofMillis(200),
              () -> WindowRuns.ended(pool, from, until) >= expected);
        } catch (IllegalStateException e) {
          System.err.println("warning: " + e.getMessage());
        }
      } finally {
        for (Process p : started) {
          Processes.stop(p);
        }
      }
      measure(report, pool, fires, from, until);
    }
    return common.finish(report, "cluster");
  }

  private void measure(
      Report report, HikariDataSource pool, Path fires, Instant from, Instant until)
      throws Exception {
    List<Long> lateness = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    Map<String, Integer> byNode = new TreeMap<>();
    Map<Long, List<Long>> perSlice = new TreeMap<>();
    for (WindowRuns.Row run : WindowRuns.read(pool, from, until)) {
      statuses.merge(run.status(), 1, Integer::sum);
      run.owner().ifPresent(owner -> byNode.merge(owner, 1, Integer::sum));
      run.lateMillis()
          .ifPresent(
              late -> {
                lateness.add(late);
                long slice = (run.intended().toEpochMilli() - from.toEpochMilli()) / 10_000 * 10;
                perSlice.computeIfAbsent(slice, k -> new ArrayList<>()).add(late);
              });
    }
    perSlice.forEach(
        (slice, values) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("from_s", slice);
          row.putAll(Stats.summary(values, "ms"));
          report.row(row);
        });
    Map<String, Integer> executions = new HashMap<>();
    for (String line : Files.readAllLines(fires)) {
      String[] f = line.trim().split(" ");
      if (f.length >= 2) {
        Instant intended = Instant.parse(f[1]);
        if (!intended.isBefore(from) && intended.isBefore(until)) {
          executions.merge(f[0] + "@" + f[1], 1, Integer::sum);
        }
      }
    }
    long expected = (long) jobs * seconds;
    int accounted = statuses.values().stream().mapToInt(Integer::intValue).sum();
    report.summary("expected_fires", expected);
    report.summary("runs_by_status", statuses);
    report.summary("attempts_by_node", byNode);
    report.summary("not_accounted", expected - accounted);
    report.summary("executed", executions.size());
    report.summary("executed_twice", executions.values().stream().filter(n -> n > 1).count());
    report.summary("start_lateness", Stats.summary(lateness, "ms"));
    report.note(
        "start lateness = cs_attempt.started_at (attempt 1) - cs_run.intended_fire;"
            + " skipped_overlap = recorded by the overlap policy (a fire due while the job's"
            + " previous run still went); skipped_misfire = recorded by the misfire policy (a"
            + " fire a node came to after the job's following fire time was due); executed ="
            + " distinct fires whose shell wrote its line");
  }
}
