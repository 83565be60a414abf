package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import dev.cronstone.service.JobService;
import dev.cronstone.service.PauseChange;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs resume <id> | --all}: clear an operator's pause cluster-wide. */
@Command(
    name = "resume",
    description = "Resume a paused job (or all jobs) cluster-wide; a disabled job stays disabled.",
    mixinStandardHelpOptions = true)
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  private PauseCommand.Target target;

  @Override
  public Integer call() {
    List<PauseChange> changes;
    try (JobService jobs = Operator.jobs(root, AdminStore.Use.WRITE)) {
      changes =
          target.all
              ? jobs.resumeAll(Operator.name())
              : List.of(jobs.resume(target.id, Operator.name()));
    }
    PauseCommand.report(root, spec.commandLine().getOut(), changes, target.all, "resumed");
    return 0;
  }
}
