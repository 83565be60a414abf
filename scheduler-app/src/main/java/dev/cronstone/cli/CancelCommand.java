package dev.cronstone.cli;

import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Cancellation;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.RunService;
import dev.cronstone.view.CancelView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs cancel <runId>}: cancel a run, from any machine (docs/policies.md, "Cancel"). */
@Command(
    name = "cancel",
    description =
        "Cancel a run: a queued run or one waiting for a retry ends now; a running attempt is"
            + " stopped by the node that runs it within a few seconds. A cancelled run is not"
            + " retried.",
    mixinStandardHelpOptions = true)
final class CancelCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "RUN_ID",
      description = "The run to cancel: <jobId>#<runNo>, e.g. nightly-report#42.")
  private String runId;

  @Override
  public Integer call() {
    RunId id = RunId.parse(runId);
    Cancellation cancellation;
    try (RunService runs = RunService.open(root.config(), root.clock())) {
      cancellation = runs.cancel(id, Operator.name());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(Json.write(CancelView.of(cancellation)));
    } else if (cancellation.endedNow()) {
      out.println("cancelled " + id + " (it had not started an attempt yet)");
    } else if (cancellation.stopping().isEmpty()) {
      out.println("cancel of " + id + " requested: it gets no further attempt");
    } else {
      Attempt attempt = cancellation.stopping().get(0);
      out.println(
          "cancel of "
              + id
              + " requested: attempt "
              + attempt.attemptNo()
              + " on "
              + attempt.owner()
              + " stops at its owner's next heartbeat (follow it: jobs tail "
              + id.jobId()
              + " --run "
              + id
              + " --follow)");
    }
    out.flush();
    return 0;
  }
}
