package dev.cronstone.cli;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.model.SpecFile;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jobs run} does when the store has no job of the id asked for (docs/cli.md, "jobs
 * run"). On a store that holds no job at all (no sync and no node ever loaded the spec folder),
 * with {@code jobs.syncOnStart} on, and the folder defining the job: the folder is synced first, as
 * {@code jobs serve} does when it starts, and the run goes ahead. Otherwise the answer stays {@code
 * job_not_found}, saying when the folder has the job and what to run.
 */
final class FirstSync {
  private final NodeConfig config;
  private final Clock clock;
  private final PrintWriter err;

  FirstSync(NodeConfig config, Clock clock, PrintWriter err) {
    this.config = config;
    this.clock = clock;
    this.err = err;
  }

  /**
   * Syncs the folder when that is what a node would do at its first start; otherwise throws {@code
   * missing} with a hint.
   */
  void syncOrExplain(String jobId, JobNotFoundException missing) {
    if (!Files.isDirectory(config.jobs().dir())) {
      throw missing;
    }
    Optional<SpecFile> file = fileOf(jobId);
    if (file.isEmpty()) {
      throw missing;
    }
    if (!file.get().valid()) {
      throw notFound(
          jobId,
          "no job '"
              + jobId
              + "' in the store, and its spec "
              + file.get().source()
              + " is invalid ("
              + file.get().message()
              + "): see 'jobs validate "
              + file.get().source()
              + "'");
    }
    try (JobService jobs = JobService.open(config, clock, AdminStore.Use.WRITE)) {
      if (!config.jobs().syncOnStart() || !jobs.list(1, Optional.empty()).jobs().isEmpty()) {
        throw notFound(
            jobId,
            "no job '"
                + jobId
                + "' in the store, but "
                + file.get().source()
                + " defines it: load the spec folder into the store with 'jobs sync'");
      }
      SyncResult result = jobs.sync(false, false, Operator.name());
      err.println(
          "note: the store had no jobs yet: synced "
              + config.jobs().dir()
              + " first, as 'jobs serve' does ("
              + result.plan().summary()
              + ")");
      err.flush();
    }
  }

  private Optional<SpecFile> fileOf(String jobId) {
    List<SpecFile> files = SpecFolder.read(config.jobs().dir(), clock).specs().files();
    return files.stream().filter(f -> f.jobId().filter(jobId::equals).isPresent()).findFirst();
  }

  private static CronstoneException notFound(String jobId, String message) {
    return new CronstoneException(ErrorCode.JOB_NOT_FOUND, message, jobId, List.of());
  }
}
