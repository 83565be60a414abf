package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.model.JobSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A large store: {@code --jobs} jobs loaded as sync writes them (batched, see {@link JobLoader}),
 * then {@code bin/jobs list} (first page) and {@code bin/jobs show} timed from a cold process each,
 * and the heap of a {@code jobs serve} node on that store (after a full GC, by {@code jcmd}).
 */
@Command(
    name = "scale",
    description = "N jobs in the store: cold jobs list / show wall time, node heap",
    mixinStandardHelpOptions = true)
final class Scale implements Callable<Integer> {
  private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  @Mixin Common common;

  @Option(
      names = "--jobs",
      description = "jobs in the store (default 100000)",
      defaultValue = "100000")
  int jobs;

  @Option(
      names = "--repeat",
      description = "cold runs of each command (default 3)",
      defaultValue = "3")
  int repeat;

  @Option(
      names = "--reuse",
      description =
          "time the commands and the heap on the store a previous 'scale --keep' loaded (no load)")
  boolean reuse;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("scale", common.machine());
    report.parameter("db", common.db).parameter("jobs", jobs).parameter("repeat", repeat);
    Path work = common.work();
    Configs.Node settings =
        Configs.node(reuse ? common.existingStore("scale") : common.store("scale"), work);
    Path configFile = settings.write(work.resolve("node.yaml"));
    NodeConfig config = settings.load(work.resolve("loader.yaml"));
    Clock clock = Clock.systemUTC();
    long loadStart = System.nanoTime();
    try (HikariDataSource pool = Stores.loaderPool("bench-scale", config.store().url())) {
      if (reuse) {
        try (java.sql.Connection c = pool.getConnection()) {
          report.summary("jobs_in_store", Stores.count(c, "SELECT COUNT(*) FROM cs_job"));
        }
      } else {
        load(report, config, pool, clock, loadStart);
      }
    }
    List<Long> list = new ArrayList<>();
    List<Long> show = new ArrayList<>();
    String showId = Specs.id("job", jobs / 2);
    for (int i = 1; i <= repeat; i++) {
      list.add(timed(report, work, "list", i, List.of("--config", configFile.toString(), "list")));
      show.add(
          timed(
              report, work, "show", i, List.of("--config", configFile.toString(), "show", showId)));
    }
    report.summary("jobs_list_first_page_ms", Stats.round(Stats.median(list)));
    report.summary("jobs_show_ms", Stats.round(Stats.median(show)));
    heap(report, configFile, work);
    report.note(
        "jobs were loaded through Quartz's scheduleJobs and a JDBC batch of cs_job rows, the rows"
            + " sync writes, 500 jobs a transaction (not through sync: see the sync scenario)");
    return common.finish(report, "scale");
  }

  private void load(
      Report report, NodeConfig config, HikariDataSource pool, Clock clock, long loadStart)
      throws Exception {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      String id = Specs.id("job", i);
      specs.add(Specs.parse(id, Specs.noop(id, Optional.of(Specs.YEARLY)), clock));
    }
    report.summary("specs_built_seconds", Stats.round((System.nanoTime() - loadStart) / 1e9));
    JobLoader.loadSameSchedule(config, pool, specs, clock);
    report.summary("load_seconds", Stats.round((System.nanoTime() - loadStart) / 1e9));
  }

  private static long timed(Report report, Path work, String what, int i, List<String> args)
      throws Exception {
    Processes.Timed t = Processes.run(work.resolve(what + "-" + i + ".log"), args);
    if (t.exit() != 0) {
      throw new IllegalStateException("jobs " + args + " exited " + t.exit() + ": " + t.output());
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("command", "jobs " + what);
    row.put("run", i);
    row.put("wall_ms", t.millis());
    row.put("output_lines", t.output().lines().count());
    report.row(row);
    return t.millis();
  }

  private static void heap(Report report, Path configFile, Path work) throws Exception {
    long launched = System.nanoTime();
    Process node = Processes.serve(configFile, work.resolve("node.log"));
    try {
      report.summary("node_start_ms", (System.nanoTime() - launched) / 1_000_000);
      Thread.sleep(5000);
      String before = Processes.jcmd(node.pid(), "GC.heap_info");
      Processes.jcmd(node.pid(), "GC.run");
      String after = Processes.jcmd(node.pid(), "GC.heap_info");
      report.summary("node_heap_used_mb", usedMb(before));
      report.summary("node_heap_used_after_full_gc_mb", usedMb(after));
      report.summary("node_heap_committed_mb", committedMb(after));
      report.summary("node_heap_info_after_full_gc", after.strip());
    } finally {
      Processes.stop(node);
    }
  }

  /** The heap's used megabytes: G1 prints one line, the serial collector one per generation. */
  static long usedMb(String heapInfo) {
    return sum(heapInfo, 2);
  }

  static long committedMb(String heapInfo) {
    return sum(heapInfo, 1);
  }

  private static long sum(String heapInfo, int group) {
    long kb = 0;
    for (String line : heapInfo.lines().toList()) {
      Matcher m = USED.matcher(line);
      if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
        kb += Long.parseLong(m.group(group));
      }
    }
    return kb / 1024;
  }
}
