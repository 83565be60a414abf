package dev.cronstone.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobVersion;
import dev.cronstone.service.VersionPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
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
            + " and when. --output json has each version's spec.",
    mixinStandardHelpOptions = true)
final class VersionsCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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

  /** The JSON answer: a page of versions and the cursor of the next (older) page. */
  record Report(
      String jobId,
      List<Version> versions,
      @JsonInclude(JsonInclude.Include.ALWAYS) Long nextCursor) {}

  record Version(
      long version,
      String owner,
      Optional<String> source,
      String savedBy,
      Instant savedAt,
      String specHash,
      JsonNode spec) {
    static Version of(JobVersion v) {
      try {
        return new Version(
            v.version(),
            v.owner(),
            v.source(),
            v.savedBy(),
            v.savedAt(),
            v.specHash(),
            MAPPER.readTree(v.specJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

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
      List<Version> versions = page.versions().stream().map(Version::of).toList();
      out.println(Json.write(new Report(id, versions, page.nextCursor().orElse(null))));
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
