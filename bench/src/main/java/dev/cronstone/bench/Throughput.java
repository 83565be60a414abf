package dev.cronstone.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N noop jobs due at once; completed and recorded runs per second, four contenders on the same
 * database, interleaved rounds (the order rotates each round), medians and ratios.
 */
@Command(
    name = "throughput",
    description = "N noop jobs due now: Cronstone vs raw Quartz (default, tuned) vs db-scheduler",
    mixinStandardHelpOptions = true)
final class Throughput implements Callable<Integer> {
  @Mixin Common common;

  @Option(
      names = "--jobs",
      description = "jobs due at once per round (default 5000)",
      defaultValue = "5000")
  int jobs;

  @Option(names = "--rounds", description = "rounds per contender (default 3)", defaultValue = "3")
  int rounds;

  @Option(
      names = "--contenders",
      split = ",",
      description = "any of cronstone, quartz-default, quartz-tuned, db-scheduler (default all)",
      defaultValue = "cronstone,quartz-default,quartz-tuned,db-scheduler")
  List<String> names;

  @Option(
      names = "--keep-node",
      description =
          "Cronstone: one node for every round (repeat fires of each job) instead of a node per"
              + " round (each fire its job's first since its node started)")
  boolean keepNode;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("throughput", common.machine());
    report.parameter("db", common.db).parameter("jobs", jobs).parameter("rounds", rounds);
    report.parameter("cronstoneNode", keepNode ? "kept" : "per round");
    report
        .parameter("threads", QuartzContender.THREADS)
        .parameter("poolSize", QuartzContender.POOL);
    List<Contender> contenders = new ArrayList<>();
    try {
      for (String name : names) {
        Contender c = contender(name);
        c.setUp(jobs);
        contenders.add(c);
      }
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      Map<String, List<Double>> cpu = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        for (int k = 0; k < contenders.size(); k++) {
          Contender c = contenders.get((k + round - 1) % contenders.size());
          Contender.Round r = c.round(jobs);
          rates.computeIfAbsent(c.name(), x -> new ArrayList<>()).add(r.perSecond());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("round", round);
          row.put("contender", c.name());
          row.put("jobs", r.jobs());
          row.put("seconds", Stats.round((r.end() - r.firstStart()) / 1000.0));
          row.put("runs_per_s", Stats.round(r.perSecond()));
          row.put("runs_per_s_from_due", Stats.round(r.perSecondFromDue()));
          row.put("not_succeeded", r.failed());
          row.put("cpu_ms_per_run_jvm", Stats.round(r.jvmCpuMsPerRun()));
          row.put("cpu_ms_per_run_db", r.dbCpuMsPerRun().map(Stats::round).orElse(null));
          row.put("lock_ms_per_run", r.lockMsPerRun().map(Stats::round).orElse(null));
          row.put("lock_busy", r.lockBusy().map(Stats::round).orElse(null));
          cpu.computeIfAbsent(c.name(), x -> new ArrayList<>())
              .add(r.jvmCpuMsPerRun() + r.dbCpuMsPerRun().orElse(0.0));
          report.row(row);
          System.err.println("throughput: " + row);
        }
      }
      Map<String, Object> medians = new LinkedHashMap<>();
      rates.forEach((name, list) -> medians.put(name, Stats.round(Stats.median(list))));
      report.summary("median_runs_per_s", medians);
      report.summary("ratios", ratios(rates));
      Map<String, Object> cpuMedians = new LinkedHashMap<>();
      cpu.forEach((name, list) -> cpuMedians.put(name, Stats.round(Stats.median(list))));
      report.summary("median_cpu_ms_per_run", cpuMedians);
      report.note(
          "runs/s = jobs / (last completion recorded in the store - first execution start);"
              + " runs_per_s_from_due counts from the instant the jobs were due; cpu_ms_per_run is"
              + " CPU time over the round's window (from the jobs' start to the last completion"
              + " seen) per run: the bench JVM's (the contender runs in it, with the bench's"
              + " polling) and the database backends' of the bench database (local PostgreSQL"
              + " only; shared server processes left out); median_cpu_ms_per_run adds the two;"
              + " lock_ms_per_run and lock_busy (Cronstone only): the time the node held Quartz's"
              + " TRIGGER_ACCESS row in the round, per run and as a share of the window");
    } finally {
      contenders.forEach(Contender::tearDown);
    }
    return common.finish(report, "throughput");
  }

  private static Map<String, Object> ratios(Map<String, List<Double>> rates) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!rates.containsKey(CronstoneContender.NAME)) {
      return out;
    }
    double cs = Stats.median(rates.get(CronstoneContender.NAME));
    rates.forEach(
        (name, list) -> {
          if (!name.equals(CronstoneContender.NAME)) {
            out.put("cronstone/" + name, Math.round(cs / Stats.median(list) * 100.0) / 100.0);
          }
        });
    return out;
  }

  private Contender contender(String name) throws Exception {
    return switch (name) {
      case CronstoneContender.NAME ->
          new CronstoneContender(common.store("cs"), common.work().resolve("cronstone"), keepNode);
      case "quartz-default" -> new QuartzContender(false, common.store("quartz_default"));
      case "quartz-tuned" -> new QuartzContender(true, common.store("quartz_tuned"));
      case DbSchedulerContender.NAME -> new DbSchedulerContender(common.store("db_scheduler"));
      default -> throw new IllegalArgumentException("unknown contender " + name);
    };
  }
}
