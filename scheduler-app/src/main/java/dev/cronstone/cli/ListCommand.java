package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.service.RunService;
import dev.cronstone.view.JobAnswers;
import dev.cronstone.view.JobList;
import dev.cronstone.view.RunView;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs list [--limit N] [--after CURSOR]}: the stored jobs, sorted by id, a page at a time,
 * each with its last run; its JSON is the API's {@code GET /api/v1/jobs} answer.
 */
@Command(
    name = "list",
    description =
        "List the jobs in the store: schedule, zone, task, enabled, paused, next fire, last run.",
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
    JobList page;
    try (AdminStore store = Operator.store(root);
        JobService jobs = JobService.over(root.config(), store, root.clock());
        RunService runs = RunService.over(root.config(), store, root.clock())) {
      page = JobAnswers.list(jobs, runs, limit, Optional.ofNullable(after));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(page));
    } else {
      Table table =
          new Table(
              "ID",
              "SCHEDULE",
              "TIMEZONE",
              "TASK",
              "OWNER",
              "ENABLED",
              "PAUSED",
              "NEXT FIRE",
              "LAST RUN");
      page.jobs()
          .forEach(
              j ->
                  table.row(
                      j.id(),
                      j.schedule().isEmpty() ? "(manual)" : String.join("; ", j.schedule()),
                      j.timezone().orElse(null),
                      j.task(),
                      j.owner(),
                      j.enabled() ? "yes" : "no",
                      j.paused() ? "yes" : "no",
                      Times.local(j.nextFire(), j.timezone()),
                      j.lastRun().map(ListCommand::lastRun).orElse(null)));
      table.print(out);
      if (page.jobs().isEmpty()) {
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

  /** The LAST RUN cell: its number and status, and when it ended (UTC). */
  private static String lastRun(RunView run) {
    return "#" + run.runNo() + " " + run.status() + run.endedAt().map(e -> " " + e).orElse("");
  }
}
