package dev.cronstone.cli;

import dev.cronstone.service.Inspection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs store paused}: paused trigger groups, paused triggers, and jobs paused by an
 * operator.
 */
@Command(
    name = "paused",
    description = "Paused trigger groups and triggers, and jobs paused by an operator (who, when).",
    mixinStandardHelpOptions = true)
final class StorePausedCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    Inspection.Paused paused = store.open().inspector().paused();
    StoreCommand.print(
        store,
        spec,
        paused,
        out -> {
          out.println("Paused jobs (operator):");
          Table jobs = new Table("JOB", "ENABLED", "PAUSED BY", "PAUSED AT");
          paused
              .jobs()
              .forEach(
                  j ->
                      jobs.row(
                          j.jobId(),
                          j.enabled() ? "yes" : "no",
                          j.pausedBy(),
                          StoreCommand.instant(j.pausedAt())));
          jobs.print(out);
          out.println();
          out.println("Paused triggers (Quartz):");
          Table triggers = new Table("JOB", "TRIGGER", "STATE");
          paused
              .triggers()
              .forEach(
                  t ->
                      triggers.row(
                          t.jobGroup() + "." + t.jobName(), t.group() + "." + t.name(), t.state()));
          triggers.print(out);
          out.println();
          out.println(
              "Paused trigger groups (Quartz): "
                  + (paused.triggerGroups().isEmpty()
                      ? "(none)"
                      : String.join(", ", paused.triggerGroups())));
        });
    return 0;
  }
}
