package dev.cronstone.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/jobs sync} of N spec files into an empty (migrated) store, from a cold process. */
@Command(
    name = "sync",
    description = "N spec files synced into an empty store by bin/jobs sync",
    mixinStandardHelpOptions = true)
final class SyncBench implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--jobs", description = "spec files (default 10000)", defaultValue = "10000")
  int jobs;

  @Override
  public Integer call() throws Exception {
    Report report = new Report("sync", common.machine());
    report.parameter("db", common.db).parameter("jobs", jobs);
    Path work = common.work();
    Path dir = Files.createDirectories(work.resolve("jobs"));
    for (int i = 0; i < jobs; i++) {
      String id = Specs.id("spec", i);
      String cron = (i % 60) + " " + (i % 24) + " * * *";
      Files.writeString(dir.resolve(id + ".json"), Specs.noop(id, Optional.of(cron)));
    }
    Configs.Node settings = Configs.node(common.store("sync"), work);
    Path config = settings.write(work.resolve("node.yaml"));
    Processes.Timed migrate =
        Processes.run(
            work.resolve("migrate.log"),
            List.of("--config", config.toString(), "store", "migrate"));
    if (migrate.exit() != 0) {
      throw new IllegalStateException("store migrate failed: " + migrate.output());
    }
    Processes.Timed sync =
        Processes.run(work.resolve("sync.log"), List.of("--config", config.toString(), "sync"));
    if (sync.exit() != 0) {
      throw new IllegalStateException("sync failed: " + sync.output());
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("command", "jobs sync");
    row.put("files", jobs);
    row.put("wall_ms", sync.millis());
    row.put("jobs_per_s", Stats.round(jobs * 1000.0 / sync.millis()));
    report.row(row);
    report.summary("sync_wall_seconds", Stats.round(sync.millis() / 1000.0));
    report.summary(
        "last_output_line", sync.output().strip().lines().reduce((a, b) -> b).orElse(""));
    report.note(
        "wall time of the whole process: JVM start, reading and validating every file, the writes");
    return common.finish(report, "sync");
  }
}
