package dev.cronstone.cli;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.JobEdits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs apply -f FILE [--if-version N]}: create or update a store-owned job from a spec file,
 * as the API's {@code PUT /api/v1/jobs/{id}} does (docs/cli.md).
 */
@Command(
    name = "apply",
    description =
        "Create or update a store-owned job from a spec file (checked as 'jobs validate' checks"
            + " it); sync never changes it. A job a spec file owns is refused (job_file_owned).",
    mixinStandardHelpOptions = true)
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The spec file (.yaml, .yml or .json).")
  private Path file;

  @Option(
      names = "--if-version",
      paramLabel = "N",
      description =
          "Save only if the job is at version N now (else version_conflict, exit 7; nothing"
              + " changes).")
  private Long ifVersion;

  /** The JSON answer. */
  record Report(String jobId, String owner, long version, boolean created, boolean changed) {}

  @Override
  public Integer call() {
    SpecFile read = new SpecLoader(root.clock()).load(file);
    JobSpec job = read.spec().orElseThrow(read::exception);
    JobEdits.Saved saved;
    try (JobService jobs = Operator.jobs(root, AdminStore.Use.WRITE)) {
      saved = jobs.save(job, Operator.versionCheck(ifVersion), Operator.saver());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(
          Json.write(
              new Report(
                  saved.jobId(), "store", saved.version(), saved.created(), saved.changed())));
    } else if (saved.created()) {
      out.println("created " + saved.jobId() + " (store-owned, version " + saved.version() + ")");
    } else if (saved.changed()) {
      out.println("updated " + saved.jobId() + " (version " + saved.version() + ")");
    } else {
      out.println(saved.jobId() + " unchanged (version " + saved.version() + ")");
    }
    out.flush();
    return 0;
  }
}
