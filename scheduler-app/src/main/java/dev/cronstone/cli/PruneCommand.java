package dev.cronstone.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cronstone.artifacts.JobPrune;
import dev.cronstone.artifacts.RetentionRule;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.PruneService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs prune [JOB...] [--keep-last N] [--older-than D] [--dry-run]}: retention by hand. */
@Command(
    name = "prune",
    description =
        "Delete finished runs (ledger rows and artifact folders) of some jobs, or of all: those"
            + " beyond the newest N and/or older than D. Queued and running runs are never"
            + " touched.",
    mixinStandardHelpOptions = true)
final class PruneCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "JOB",
      arity = "0..*",
      description = "Job ids (default: every job in the store).")
  private List<String> jobIds = new ArrayList<>();

  @Option(
      names = "--keep-last",
      paramLabel = "N",
      description = "Keep the newest N runs of each job (N >= 0).")
  private Integer keepLast;

  @Option(
      names = "--older-than",
      paramLabel = "D",
      description = "Prune runs that ended more than D ago (ISO-8601: P30D, PT12H).")
  private String olderThan;

  @Option(names = "--dry-run", description = "Print what would be pruned; delete nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    RetentionRule rule = rule();
    List<JobPrune> done;
    PruneService service =
        PruneService.open(
            root.config(), root.clock(), dryRun ? AdminStore.Use.READ : AdminStore.Use.WRITE);
    done = service.prune(jobIds, rule, dryRun);
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(Report.of(rule, dryRun, done)));
    } else {
      text(out, done);
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    done.forEach(
        j -> j.folderFailures().forEach(f -> err.println("warning: " + j.jobId() + ": " + f)));
    err.flush();
    return 0;
  }

  private RetentionRule rule() {
    if (keepLast == null && olderThan == null) {
      throw CronstoneException.invalidArgument(
          "--keep-last", "or --older-than is required: say what to prune");
    }
    if (keepLast != null && keepLast < 0) {
      throw CronstoneException.invalidArgument("--keep-last", "must be 0 or more, got " + keepLast);
    }
    Optional<Duration> age = Optional.empty();
    if (olderThan != null) {
      try {
        age = Optional.of(Duration.parse(olderThan));
      } catch (DateTimeParseException e) {
        throw CronstoneException.invalidArgument(
            "--older-than",
            "'" + olderThan + "' is not an ISO-8601 duration such as P30D or PT12H");
      }
      if (age.get().isNegative() || age.get().isZero()) {
        throw CronstoneException.invalidArgument(
            "--older-than", "must be positive, got " + olderThan);
      }
    }
    return new RetentionRule(
        keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast), age);
  }

  private void text(PrintWriter out, List<JobPrune> done) {
    Table table = new Table("JOB", dryRun ? "WOULD PRUNE" : "PRUNED", "RUNS");
    done.forEach(
        j -> table.row(j.jobId(), j.pruned().size(), j.pruned().isEmpty() ? "-" : ranges(j)));
    table.print(out);
    long runs = done.stream().mapToLong(j -> j.pruned().size()).sum();
    if (dryRun) {
      out.println(
          "dry run: would prune "
              + runs
              + " run(s) of "
              + done.size()
              + " job(s); nothing deleted");
    } else {
      long folders = done.stream().mapToLong(JobPrune::foldersDeleted).sum();
      out.println(
          "pruned "
              + runs
              + " run(s) of "
              + done.size()
              + " job(s); "
              + folders
              + " artifact folder(s) deleted");
    }
  }

  /** Run numbers as ranges: {@code 1-3, 7}. */
  static String ranges(JobPrune job) {
    List<String> parts = new ArrayList<>();
    List<Long> numbers = job.pruned().stream().map(r -> r.runNo()).sorted().toList();
    for (int i = 0; i < numbers.size(); ) {
      int j = i;
      while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
        j++;
      }
      parts.add(i == j ? String.valueOf(numbers.get(i)) : numbers.get(i) + "-" + numbers.get(j));
      i = j + 1;
    }
    return String.join(", ", parts);
  }

  /** The JSON answer. */
  record Report(boolean dryRun, Rule rule, List<Job> jobs, long total) {
    static Report of(RetentionRule rule, boolean dryRun, List<JobPrune> done) {
      return new Report(
          dryRun,
          new Rule(
              rule.keepLast().isPresent() ? rule.keepLast().getAsInt() : null,
              rule.olderThan().map(Duration::toString).orElse(null)),
          done.stream().map(Job::of).toList(),
          done.stream().mapToLong(j -> j.pruned().size()).sum());
    }
  }

  record Rule(
      @JsonInclude(JsonInclude.Include.ALWAYS) Integer keepLast,
      @JsonInclude(JsonInclude.Include.ALWAYS) String olderThan) {}

  record Job(
      String jobId,
      List<String> pruned,
      List<Long> runNos,
      int foldersDeleted,
      List<String> folderFailures) {
    static Job of(JobPrune j) {
      return new Job(
          j.jobId(),
          j.pruned().stream().map(Object::toString).toList(),
          j.pruned().stream().map(r -> r.runNo()).toList(),
          j.foldersDeleted(),
          j.folderFailures());
    }
  }
}
