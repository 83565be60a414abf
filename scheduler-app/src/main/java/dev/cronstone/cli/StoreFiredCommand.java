package dev.cronstone.cli;

import dev.cronstone.service.Inspection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs store fired}: triggers a node has acquired or is executing now. */
@Command(
    name = "fired",
    description = "Fired triggers: acquired or executing, on which node, since when.",
    mixinStandardHelpOptions = true)
final class StoreFiredCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  record Report(List<Inspection.Fired> fired) {}

  @Override
  public Integer call() {
    List<Inspection.Fired> fired = store.open().inspector().fired(store.now());
    StoreCommand.print(
        store,
        spec,
        new Report(fired),
        out -> {
          Table table =
              new Table(
                  "ENTRY", "JOB", "TRIGGER", "NODE", "NODE ALIVE", "STATE", "FIRED", "SCHEDULED");
          for (Inspection.Fired f : fired) {
            table.row(
                f.entryId(),
                f.jobGroup() + "." + f.jobName(),
                f.triggerGroup() + "." + f.triggerName(),
                f.instance(),
                f.instanceAlive() ? "yes" : "NO",
                f.state(),
                StoreCommand.instant(f.firedAt()),
                StoreCommand.instant(f.scheduledAt()));
          }
          table.print(out);
        });
    return 0;
  }
}
