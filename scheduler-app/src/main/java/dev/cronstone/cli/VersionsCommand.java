package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.JobService;
import dev.cronstone.service.VersionPage;
import dev.cronstone.view.VersionList;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs versions <id> [--limit N] [--after CURSOR]}: a job's saved versions, newest first.
 */
@Command(
    name = "versions",
    description =
        "A job's saved versions, newest first: who saved each (API token, cli:<user>, file:<path>)"
            + " and when. --output json has each version's spec (secrets masked, as the API).",
    mixinStandardHelpOptions = true)
final class VersionsCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A job id (also of a deleted job).")
  private String id;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "" + JobService.DEFAULT_LIMIT,
      description = "At most N versions (default " + JobService.DEFAULT_LIMIT + ").")
  private int limit;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "Versions older than this one (the nextCursor of the previous page).")
  private Long after;

  @Override
  public Integer call() {
    if (after != null && after < 1) {
      throw CronstoneException.invalidArgument("--after", "must be a version, got " + after);
    }
    VersionPage page;
    try (JobService jobs = Operator.jobs(root)) {
      page = jobs.versions(id, limit, Optional.ofNullable(after));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(VersionList.of(page, root.env(), root.clock())));
    } else {
      Table table = new Table("VERSION", "SAVED AT", "SAVED BY", "OWNER", "SPEC HASH");
      page.versions()
          .forEach(
              v ->
                  table.row(
                      v.version(),
                      v.savedAt(),
                      v.savedBy(),
                      v.owner(),
                      v.specHash().substring(0, 12)));
      table.print(out);
      page.nextCursor()
          .ifPresent(c -> out.println("(more: jobs versions " + id + " --after " + c + ")"));
    }
    out.flush();
    return 0;
  }
}
