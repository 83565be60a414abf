package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.model.JobSpec;
import dev.cronstone.node.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fire lateness of cron jobs on one in-process node: attempt start minus intended fire instant,
 * read from the ledger. Three shapes: {@code lateness} (each job once a minute, seconds spread
 * evenly), {@code burst} (every job at the same second of the minute) and {@code overload} (every
 * job every second).
 */
@Command(
    name = "lateness",
    description =
        "cron jobs firing for --minutes on one node: p50/p99/max lateness from the ledger",
    mixinStandardHelpOptions = true)
class Lateness implements Callable<Integer> {
  @Mixin Common common;

  @Option(
      names = "--jobs",
      description = "number of cron jobs (default 1000)",
      defaultValue = "1000")
  int jobs;

  @Option(
      names = "--minutes",
      description = "length of the measured window in minutes (default 5; 1 = short variant)",
      defaultValue = "5")
  double minutes;

  @Option(
      names = "--warmup",
      description = "time between node start and the measured window (default PT15S)",
      defaultValue = "PT15S")
  Duration warmup;

  String scenario() {
    return "lateness";
  }

  /** The cron of job {@code i} of {@code n}: its own second of the minute, spread evenly. */
  String cron(int i, int n) {
    return (i * 60 / n) + " * * * * ?";
  }

  @Override
  public Integer call() throws Exception {
    Report report = new Report(scenario(), common.machine());
    report.parameter("db", common.db).parameter("jobs", jobs).parameter("minutes", minutes);
    report.parameter("warmup", warmup.toString()).parameter("cronExample", cron(1, jobs));
    String url = common.store(scenario());
    NodeConfig config = Configs.node(url, common.work()).load(common.work().resolve("node.yaml"));
    Clock clock = Clock.systemUTC();
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      String id = Specs.id("cron", i);
      specs.add(Specs.parse(id, Specs.noop(id, Optional.of(cron(i, jobs))), clock));
    }
    try (HikariDataSource pool = Stores.pool("bench-" + scenario(), url, 3)) {
      JobLoader.load(config, pool, specs, clock);
      Instant from;
      Instant until;
      Node node = Node.start(config, clock, name -> Optional.ofNullable(System.getenv(name)));
      try {
        from = clock.instant().plus(warmup);
        until = from.plusMillis((long) (minutes * 60_000));
        System.err.println(scenario() + ": measuring fires from " + from + " until " + until);
        Thread.sleep(Math.max(0, Duration.between(clock.instant(), until).toMillis()));
        drain(pool, from, until, expected(specs, from, until));
      } finally {
        node.close();
      }
      measure(report, pool, specs, from, until);
    }
    return common.finish(report, scenario());
  }

  private static long expected(List<JobSpec> specs, Instant from, Instant until) {
    long expected = 0;
    for (JobSpec spec : specs) {
      expected +=
          spec.schedule()
              .orElseThrow()
              .toSchedule()
              .between(from.minusMillis(1), until.minusMillis(1), 1_000_000)
              .size();
    }
    return expected;
  }

  /** Waits (a bounded time) until every fire of the window has its run in the ledger. */
  private static void drain(HikariDataSource pool, Instant from, Instant until, long expected)
      throws Exception {
    try {
      Waits.until(
          "every fire of the window recorded",
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          () -> WindowRuns.ended(pool, from, until) >= expected);
    } catch (IllegalStateException e) {
      System.err.println("warning: " + e.getMessage());
    }
  }

  private void measure(
      Report report, HikariDataSource pool, List<JobSpec> specs, Instant from, Instant until)
      throws Exception {
    List<Long> lateness = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    Map<Long, List<Long>> perMinute = new TreeMap<>();
    for (WindowRuns.Row run : WindowRuns.read(pool, from, until)) {
      statuses.merge(run.status(), 1, Integer::sum);
      run.lateMillis()
          .ifPresent(
              late -> {
                lateness.add(late);
                long minute = (run.intended().toEpochMilli() - from.toEpochMilli()) / 60_000;
                perMinute.computeIfAbsent(minute, m -> new ArrayList<>()).add(late);
              });
    }
    perMinute.forEach(
        (minute, values) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("minute", minute + 1);
          row.putAll(Stats.summary(values, "ms"));
          report.row(row);
        });
    long expected = expected(specs, from, until);
    report.summary("expected_fires", expected);
    report.summary("runs_by_status", statuses);
    report.summary("accounted", statuses.values().stream().mapToInt(Integer::intValue).sum());
    report.summary("lateness", Stats.summary(lateness, "ms"));
    double seconds = Duration.between(from, until).toMillis() / 1000.0;
    report.summary("demand_per_s", Stats.round(expected / seconds));
    report.summary("completed_per_s", Stats.round(statuses.getOrDefault("succeeded", 0) / seconds));
    report.note(
        "lateness = cs_attempt.started_at (attempt 1) - cs_run.intended_fire, both recorded to the"
            + " millisecond; fires with intended instants in [from, until)");
  }
}
