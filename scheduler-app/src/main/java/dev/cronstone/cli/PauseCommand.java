package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.service.PauseChange;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs pause <id> | --all}: pause triggers cluster-wide (an operator's pause, kept by sync).
 */
@Command(
    name = "pause",
    description =
        "Pause a job (or all jobs) cluster-wide: its triggers stop firing until 'jobs resume'.",
    mixinStandardHelpOptions = true)
final class PauseCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  private Target target;

  /** A job id, or every job. */
  static final class Target {
    @Parameters(paramLabel = "ID", description = "A job id.")
    String id;

    @Option(names = "--all", description = "Every job in the store.")
    boolean all;
  }

  @Override
  public Integer call() {
    List<PauseChange> changes;
    try (JobService jobs = Operator.jobs(root, AdminStore.Use.WRITE)) {
      changes =
          target.all
              ? jobs.pauseAll(Operator.name())
              : List.of(jobs.pause(target.id, Operator.name()));
    }
    report(root, spec.commandLine().getOut(), changes, target.all, "paused");
    return 0;
  }

  /** Prints what pause or resume did. */
  static void report(
      JobsCommand root, PrintWriter out, List<PauseChange> changes, boolean all, String verb) {
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(new Report(changes)));
    } else if (all) {
      long changed = changes.stream().filter(PauseChange::changed).count();
      out.println(
          verb + " " + changed + " job(s); " + (changes.size() - changed) + " already " + verb);
    } else {
      PauseChange change = changes.get(0);
      out.println(
          change.changed() ? verb + " " + change.jobId() : change.jobId() + " was already " + verb);
    }
    out.flush();
  }

  /** The JSON answer: one entry per job. */
  record Report(List<PauseChange> changes) {}
}
