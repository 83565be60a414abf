package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.model.HumanDuration;
import dev.cronstone.service.RunService;
import dev.cronstone.view.RunPage;
import java.io.PrintWriter;
import java.time.Duration;
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
 * {@code jobs history <id> [--limit N] [--after CURSOR] [--backfill ID]}: a job's runs (or one
 * backfill's), newest first; its JSON is the API's {@code GET /api/v1/jobs/{id}/runs} answer.
 */
@Command(
    name = "history",
    description = "List a job's runs, newest first.",
    mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {
  static final int MAX_LIMIT = 1000;

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The job.")
  private String jobId;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many runs (1-" + MAX_LIMIT + "; default 20).")
  private int limit;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "Continue after this run number (the cursor a previous page printed).")
  private Long after;

  @Option(
      names = "--backfill",
      paramLabel = "ID",
      description = "Only the runs of this backfill (its id from 'jobs backfill <id> --list').")
  private Long backfill;

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw CronstoneException.invalidArgument(
          "--limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    List<Run> runs;
    try (RunService service = RunService.open(root.config(), root.clock())) {
      runs =
          backfill == null
              ? service.history(jobId, limit + 1, Optional.ofNullable(after))
              : service.backfills().runs(jobId, backfill, limit + 1, Optional.ofNullable(after));
    }
    RunPage answer = RunPage.of(runs, limit);
    List<Run> page = runs.subList(0, Math.min(limit, runs.size()));
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(answer));
    } else {
      Table table =
          new Table(
              "RUN", "KIND", "STATUS", "INTENDED FIRE", "STARTED", "DURATION", "ATTEMPTS", "ERROR");
      for (Run run : page) {
        table.row(
            run.id(),
            run.kind().code()
                + run.backfillId().map(b -> " (" + b + ")").orElse("")
                + run.upstream().map(u -> " (" + u + ")").orElse(""),
            run.status().code() + run.reason().map(r -> " (" + r + ")").orElse(""),
            run.intendedFire(),
            run.startedAt().orElse(null),
            duration(run),
            run.attempts(),
            run.error().map(e -> e.error().code()).orElse(null));
      }
      table.print(out);
      answer
          .nextCursor()
          .ifPresent(
              n ->
                  out.println(
                      "more: jobs history "
                          + jobId
                          + (backfill == null ? "" : " --backfill " + backfill)
                          + " --after "
                          + n));
    }
    out.flush();
    return 0;
  }

  private static String duration(Run run) {
    if (run.startedAt().isEmpty() || run.endedAt().isEmpty()) {
      return null;
    }
    return HumanDuration.of(Duration.between(run.startedAt().get(), run.endedAt().get()));
  }
}
