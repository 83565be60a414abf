package dev.cronstone.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cronstone.service.JobPage;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs list [--limit N] [--after CURSOR]}: the stored jobs, sorted by id, a page at a time.
 */
@Command(
    name = "list",
    description = "List the jobs in the store: schedule, zone, task, enabled, paused, next fire.",
    mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "" + JobService.DEFAULT_LIMIT,
      description =
          "At most N jobs (1-"
              + JobService.MAX_LIMIT
              + "; default "
              + JobService.DEFAULT_LIMIT
              + ").")
  private int limit;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "Start after this job id (the nextCursor of the previous page).")
  private String after;

  @Override
  public Integer call() {
    JobPage page;
    try (JobService jobs = Operator.jobs(root)) {
      page = jobs.list(limit, Optional.ofNullable(after));
    }
    List<Row> rows = page.jobs().stream().map(Row::of).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(new ListReport(rows, page.nextCursor().orElse(null))));
    } else {
      Table table =
          new Table(
              "ID", "SCHEDULE", "TIMEZONE", "TASK", "OWNER", "ENABLED", "PAUSED", "NEXT FIRE");
      rows.forEach(
          r ->
              table.row(
                  r.id,
                  r.schedule.isEmpty() ? "(manual)" : String.join("; ", r.schedule),
                  r.timezone,
                  r.task,
                  r.owner,
                  r.enabled ? "yes" : "no",
                  r.paused ? "yes" : "no",
                  r.nextFire));
      table.print(out);
      if (rows.isEmpty()) {
        out.println(
            after == null
                ? "(no jobs in the store: run 'jobs sync')"
                : "(no jobs after " + after + ")");
      }
      page.nextCursor().ifPresent(c -> out.println("(more: jobs list --after " + c + ")"));
    }
    out.flush();
    return 0;
  }

  /** The JSON answer: a page of jobs and the cursor of the next page (null on the last). */
  record ListReport(List<Row> jobs, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

  record Row(
      String id,
      List<String> schedule,
      String timezone,
      String task,
      boolean enabled,
      boolean paused,
      String nextFire,
      String owner,
      long version,
      String source) {
    static Row of(JobSummary job) {
      return new Row(
          job.id(),
          job.schedule(),
          job.timezone().orElse(null),
          job.task(),
          job.enabled(),
          job.paused(),
          Times.local(job.nextFire(), job.timezone()),
          job.owner(),
          job.version(),
          job.source().orElse(null));
    }
  }
}
