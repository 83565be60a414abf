package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A long ledger: {@code --runs} runs over {@code --jobs} jobs (every minute, with their attempts
 * and events, see {@link LedgerLoad}), then every read the API, the CLI and the console make, timed
 * warm (through a real {@code jobs serve} node's API, and in process for the ledger's own reads),
 * {@code bin/jobs} read commands from a cold process, and the node's start time on that store.
 */
@Command(
    name = "ledger",
    description = "N runs in the ledger: every read path timed (API, CLI, console), node start",
    mixinStandardHelpOptions = true)
final class LedgerBench implements Callable<Integer> {
  @Mixin Common common;

  @Option(
      names = "--runs",
      description = "runs in the ledger (default 2000000)",
      defaultValue = "2000000")
  long runs;

  @Option(names = "--jobs", description = "jobs with runs (default 100)", defaultValue = "100")
  int jobs;

  @Option(names = "--reps", description = "warm calls per read (default 5)", defaultValue = "5")
  int reps;

  @Option(
      names = "--budget-seconds",
      description = "time per read after which no more calls are made (default 60)",
      defaultValue = "60")
  long budgetSeconds;

  @Option(
      names = "--cli-repeat",
      description = "cold runs of each command (default 3)",
      defaultValue = "3")
  int cliRepeat;

  @Option(
      names = "--reuse",
      description = "time the reads on the store a previous 'ledger --keep' loaded")
  boolean reuse;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("ledger", common.machine());
    long perJob = Math.max(1, runs / jobs);
    report.parameter("db", common.db).parameter("runs", perJob * jobs).parameter("jobs", jobs);
    report.parameter("reps", reps);
    Path work = common.work();
    Configs.Node settings =
        Configs.node(reuse ? common.existingStore("ledger") : common.store("ledger"), work);
    Path configFile = settings.write(work.resolve("node.yaml"));
    NodeConfig config =
        new ConfigLoader(n -> Optional.ofNullable(System.getenv(n))).load(configFile);
    Clock clock = Clock.systemUTC();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= jobs; i++) {
      ids.add(Specs.id("job", i));
    }
    LedgerLoad ledger = new LedgerLoad(ids, perJob, clock.instant());
    try (HikariDataSource pool = Stores.loaderPool("bench-ledger", config.store().url())) {
      if (!reuse) {
        load(report, config, pool, ids, ledger, clock);
      }
      long started = System.nanoTime();
      Process node = Processes.serve(configFile, work.resolve("node.log"));
      try {
        report.summary("node_start_ms", (System.nanoTime() - started) / 1_000_000);
        LedgerReads reads = new LedgerReads(report, reps, budgetSeconds);
        String token = Files.readString(work.resolve("api-token-" + settings.nodeId())).trim();
        api(reads, new LedgerReads.Api(config.api().port(), token), perJob);
        inProcess(reads, pool, clock, ids, perJob);
        report.summary("slowest_warm_median_ms", Stats.round(reads.slowestMedian()));
        cli(report, work, configFile, perJob);
      } finally {
        Processes.stop(node);
      }
    }
    report.note(
        "runs, attempts and events were loaded straight into the ledger's tables ("
            + (common.postgres() ? "COPY, foreign key checks off while loading" : "JDBC batches")
            + "), then VACUUM ANALYZE; job-000000 never succeeds, every 10th run of the others"
            + " fails, the last job has no runs");
    return common.finish(report, "ledger");
  }

  private void load(
      Report report,
      NodeConfig config,
      HikariDataSource pool,
      List<String> ids,
      LedgerLoad ledger,
      Clock clock)
      throws Exception {
    long began = System.nanoTime();
    List<JobSpec> specs = new ArrayList<>();
    for (String id : ids) {
      specs.add(Specs.parse(id, Specs.noop(id, Optional.of(Specs.YEARLY)), clock));
    }
    JobLoader.loadSameSchedule(config, pool, specs, clock);
    long[] rows = ledger.load(pool, common.postgres());
    report.summary("loaded_runs", rows[0]);
    report.summary("loaded_attempts", rows[1]);
    report.summary("loaded_events", rows[2]);
    report.summary("load_seconds", Stats.round((System.nanoTime() - began) / 1e9));
    long analyzed = System.nanoTime();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      if (common.postgres()) {
        for (String table : List.of("cs_run", "cs_attempt", "cs_event", "cs_run_counter")) {
          s.execute("VACUUM (ANALYZE) " + table);
        }
      } else {
        s.execute("ANALYZE");
      }
    }
    report.summary("vacuum_analyze_seconds", Stats.round((System.nanoTime() - analyzed) / 1e9));
  }

  private void api(LedgerReads reads, LedgerReads.Api api, long perJob) throws Exception {
    String job = "/api/v1/jobs/" + Specs.id("job", 1);
    String never = "/api/v1/jobs/" + Specs.id("job", LedgerLoad.NEVER_SUCCEEDS);
    reads.time("GET /api/v1/jobs", "console grid, API", () -> api.get("/api/v1/jobs"));
    reads.time("GET /api/v1/jobs?limit=500", "API", () -> api.get("/api/v1/jobs?limit=500"));
    reads.time("GET /api/v1/jobs/{id}", "console job page", () -> api.get(job));
    reads.time("GET /api/v1/jobs/{never succeeded}", "console job page", () -> api.get(never));
    reads.time("GET /api/v1/jobs/{id}/runs", "console history", () -> api.get(job + "/runs"));
    reads.time(
        "GET /api/v1/jobs/{id}/runs?before=<middle>",
        "console history, older page",
        () -> api.get(job + "/runs?before=" + perJob / 2));
    reads.time(
        "GET /api/v1/jobs/{id}/runs?status=failed",
        "console history filter",
        () -> api.get(job + "/runs?status=failed"));
    reads.time(
        "GET /api/v1/jobs/{id}/runs?status=cancelled (none)",
        "console history filter",
        () -> api.get(job + "/runs?status=cancelled"));
    reads.time(
        "GET /api/v1/jobs/{id}/runs/{runNo}",
        "console run",
        () -> api.get(job + "/runs/" + perJob));
    reads.time(
        "GET /api/v1/jobs/{id}/runs/{runNo}/events",
        "console run events",
        () -> api.get(job + "/runs/" + perJob + "/events"));
    reads.time("GET /metrics", "Prometheus scrape", () -> api.get("/metrics"));
    reads.time("GET /health/ready", "load balancer", () -> api.get("/health/ready"));
  }

  /**
   * The ledger's reads in this process on a pool, as a node makes them (the CLI makes the same
   * reads from a cold process: see {@link #cli}).
   */
  private void inProcess(
      LedgerReads reads, HikariDataSource pool, Clock clock, List<String> ids, long perJob)
      throws Exception {
    RunLedger ledger = new RunLedger(pool, clock);
    String job = Specs.id("job", 1);
    String never = Specs.id("job", LedgerLoad.NEVER_SUCCEEDS);
    String idle = ids.get(ids.size() - 1);
    Optional<RunStatus> any = Optional.empty();
    Optional<RunStatus> succeeded = Optional.of(RunStatus.SUCCEEDED);
    reads.time("ledger newestOf(all jobs)", "API job list", () -> ledger.newestOf(ids, any));
    reads.time(
        "ledger newestOf(all jobs, succeeded)",
        "API job list: last success",
        () -> ledger.newestOf(ids, succeeded));
    reads.time(
        "ledger last success (never succeeded)",
        "API job, metrics at start",
        () -> ledger.history(never, 1, Optional.empty(), RunStatus.SUCCEEDED));
    reads.time(
        "ledger latest run (no runs)", "API job", () -> ledger.history(idle, 1, Optional.empty()));
    reads.time("ledger activeOrLatest", "jobs tail", () -> ledger.activeOrLatest(job));
    reads.time(
        "ledger history page (21)",
        "jobs history, show",
        () -> ledger.history(job, 21, Optional.empty()));
    reads.time(
        "ledger events page",
        "jobs tail, artifacts",
        () -> ledger.events(new RunId(job, perJob), 0, 100));
    reads.time("ledger queue depth gauge", "metrics refresh", ledger::waitingForSlot);
    reads.time(
        "ledger prune candidates keepLast=all (dry run)",
        "retention, jobs prune",
        () -> ledger.prune(job, OptionalInt.of((int) perJob), Optional.empty(), true).pruned());
    reads.time(
        "ledger prune candidates olderThan=30d (dry run)",
        "retention, jobs prune",
        () ->
            ledger
                .prune(job, OptionalInt.empty(), Optional.of(Duration.ofDays(30)), true)
                .pruned());
    reads.time(
        "ledger prune candidates keepLast=100 olderThan=30d (dry run)",
        "retention, jobs prune",
        () ->
            ledger
                .prune(job, OptionalInt.of(100), Optional.of(Duration.ofDays(30)), true)
                .pruned());
  }

  private void cli(Report report, Path work, Path configFile, long perJob) throws Exception {
    String job = Specs.id("job", 1);
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("list", List.of("list"));
    commands.put("show", List.of("show", job));
    commands.put("history", List.of("history", job));
    commands.put("tail", List.of("tail", job));
    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
      List<Long> ms = new ArrayList<>();
      for (int i = 1; i <= cliRepeat; i++) {
        List<String> args = new ArrayList<>(List.of("--config", configFile.toString()));
        args.addAll(command.getValue());
        Processes.Timed t = Processes.run(work.resolve(command.getKey() + "-" + i + ".log"), args);
        if (t.exit() != 0) {
          throw new IllegalStateException(
              "jobs " + args + " exited " + t.exit() + ": " + t.output());
        }
        ms.add(t.millis());
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", "bin/jobs " + String.join(" ", command.getValue()) + " (cold process)");
      row.put("used_by", "CLI");
      row.put("calls", ms.size());
      row.put("median_ms", Stats.round(Stats.median(ms)));
      row.put("max_ms", ms.stream().mapToLong(Long::longValue).max().orElse(0));
      report.row(row);
      report.summary("jobs_" + command.getKey() + "_cold_ms", Stats.round(Stats.median(ms)));
    }
  }
}
