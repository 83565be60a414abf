package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Backfill;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.BackfillAnswer;
import dev.cronstone.service.BackfillService;
import dev.cronstone.service.RunService;
import dev.cronstone.view.BackfillView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs backfill <id> --from I --to I [--max N] [--dry-run]}: one queued backfill run per
 * instant of the job's schedule in {@code [from, to)}; {@code --list}: the job's backfills with
 * their progress. Its JSON is the API's answer ({@code POST /api/v1/jobs/{id}/backfill}, {@code GET
 * /api/v1/jobs/{id}/backfills}).
 */
@Command(
    name = "backfill",
    description =
        "Queue one run per instant of a job's schedule in [--from, --to), each instant at most"
            + " once; or list the job's backfills (--list).",
    mixinStandardHelpOptions = true)
final class BackfillCommand implements Callable<Integer> {
  private static final Map<String, String> OPTIONS =
      Map.of("from", "--from", "to", "--to", "max", "--max");

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The job.")
  private String jobId;

  @Option(
      names = "--from",
      paramLabel = "I",
      description = "First instant of the range, inclusive (e.g. 2026-03-01T00:00:00Z).")
  private String from;

  @Option(
      names = "--to",
      paramLabel = "I",
      description = "End of the range, exclusive (e.g. 2026-04-01T00:00:00Z).")
  private String to;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "" + BackfillService.DEFAULT_MAX,
      description = "Refuse a range of more than N instants (default 1000).")
  private int max;

  @Option(names = "--dry-run", description = "Only list the instants; write nothing.")
  private boolean dryRun;

  @Option(names = "--list", description = "List the job's backfills and their progress.")
  private boolean list;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      try (RunService runs = RunService.open(root.config(), root.clock())) {
        print(out, runs.backfills().list(jobId));
      }
      return 0;
    }
    Instant start = instant("--from", from);
    Instant end = instant("--to", to);
    BackfillAnswer answer;
    try (RunService runs =
        RunService.open(
            root.config(), root.clock(), dryRun ? AdminStore.Use.READ : AdminStore.Use.WRITE)) {
      answer = runs.backfills().request(jobId, start, end, max, dryRun, Operator.name());
    } catch (CronstoneException e) {
      throw inCliTerms(e);
    }
    print(out, answer);
    return 0;
  }

  private void print(PrintWriter out, BackfillAnswer answer) {
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(answer));
    } else if (answer.dryRun()) {
      answer.instants().forEach(out::println);
      out.println(
          answer.instants().size()
              + " instant(s) in ["
              + answer.from()
              + ", "
              + answer.to()
              + ") (dry run: nothing queued)");
    } else {
      out.println(
          answer
                  .backfillId()
                  .map(id -> "backfill " + id + " of " + answer.jobId() + ": ")
                  .orElse("nothing to backfill for " + answer.jobId() + ": ")
              + answer.created().size()
              + " run(s) queued, "
              + answer.present().size()
              + " instant(s) already backfilled");
    }
    out.flush();
  }

  private void print(PrintWriter out, List<Backfill> backfills) {
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(BackfillView.Page.of(backfills)));
    } else {
      Table table = new Table("BACKFILL", "FROM", "TO", "RUNS", "ENDED", "BY STATUS", "BY");
      for (Backfill b : backfills) {
        table.row(
            b.id(),
            b.from(),
            b.to(),
            b.instants(),
            b.ended(),
            b.byStatus().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")),
            b.requestedBy());
      }
      table.print(out);
    }
    out.flush();
  }

  private static Instant instant(String option, String text) {
    if (text == null) {
      throw CronstoneException.invalidArgument(option, "is required (or use --list)");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw CronstoneException.invalidArgument(
            option, "must be an instant such as 2026-03-01T00:00:00Z, got '" + text + "'");
      }
    }
  }

  /** The service names the API's fields ({@code max}); the CLI's options are {@code --max}. */
  private static CronstoneException inCliTerms(CronstoneException e) {
    if (e.details().stream().noneMatch(p -> OPTIONS.containsKey(p.path()))) {
      return e;
    }
    return new CronstoneException(
        e.code(),
        OPTIONS.entrySet().stream()
            .filter(o -> e.getMessage().startsWith(o.getKey() + " "))
            .findFirst()
            .map(o -> o.getValue() + e.getMessage().substring(o.getKey().length()))
            .orElse(e.getMessage()),
        e.jobId().orElse(null),
        e.details().stream()
            .map(p -> new Problem(OPTIONS.getOrDefault(p.path(), p.path()), p.problem()))
            .toList());
  }
}
