package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.RunService;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs tail <id> [--run RUN] [--follow]}: a run's events, in order, from the ledger. */
@Command(
    name = "tail",
    description =
        "Print the events of a job's active run (else its latest), in order; --follow waits for"
            + " more until it ends.",
    mixinStandardHelpOptions = true)
final class TailCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The job.")
  private String jobId;

  @Option(
      names = "--run",
      paramLabel = "RUN",
      description = "A run of the job: its number (42) or its id (job#42).")
  private String run;

  @Option(
      names = "--follow",
      description = "Keep printing events as they come, across attempts, until the run ends.")
  private boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (RunService runs = RunService.open(root.config(), root.clock())) {
      Optional<RunId> id =
          run == null ? runs.activeOrLatest(jobId).map(Run::id) : Optional.of(runId());
      if (id.isEmpty()) {
        spec.commandLine().getErr().println(jobId + " has no runs yet");
        spec.commandLine().getErr().flush();
        return 0;
      }
      RunEvents events = new RunEvents(runs, out, root.output());
      if (follow) {
        events.follow(id.get(), Optional.empty(), root.clock());
      } else {
        runs.run(id.get());
        events.printNew(id.get());
      }
      return 0;
    }
  }

  private RunId runId() {
    if (run.chars().allMatch(Character::isDigit) && !run.isEmpty() && run.length() < 19) {
      return new RunId(jobId, Long.parseLong(run));
    }
    RunId id = RunId.parse(run);
    if (!id.jobId().equals(jobId)) {
      throw CronstoneException.invalidArgument("--run", run + " is not a run of " + jobId);
    }
    return id;
  }
}
