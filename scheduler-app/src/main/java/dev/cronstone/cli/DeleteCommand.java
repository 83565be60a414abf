package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.sync.JobEdits;
import dev.cronstone.view.Deletion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs delete <id> --yes [--if-version N]}: delete a store-owned job (its versions and runs
 * stay). Without {@code --yes} nothing is deleted (exit 2), as the other commands that destroy do
 * nothing without their flag ({@code store repair --apply}, {@code sync --force}).
 */
@Command(
    name = "delete",
    description =
        "Delete a store-owned job: its triggers stop, its versions and runs stay. Needs --yes.",
    mixinStandardHelpOptions = true)
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A job id.")
  private String id;

  @Option(names = "--yes", description = "Really delete it.")
  private boolean yes;

  @Option(
      names = "--if-version",
      paramLabel = "N",
      description = "Delete only if the job is at version N now (else version_conflict, exit 7).")
  private Long ifVersion;

  @Override
  public Integer call() {
    if (!yes) {
      throw CronstoneException.invalidArgument(
          "--yes",
          "is needed to delete "
              + id
              + ": it stops firing and leaves the store (its versions and runs stay); nothing"
              + " deleted");
    }
    JobEdits.Deleted deleted;
    try (JobService jobs = Operator.jobs(root, AdminStore.Use.WRITE)) {
      deleted = jobs.delete(id, Operator.versionCheck(ifVersion), Operator.saver());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(Deletion.of(deleted.jobId(), deleted.version())));
    } else {
      out.println(
          "deleted "
              + deleted.jobId()
              + " (its last version, "
              + deleted.version()
              + ", stays in 'jobs versions "
              + deleted.jobId()
              + "')");
    }
    out.flush();
    return 0;
  }
}
