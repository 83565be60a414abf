package dev.cronstone.cli;

import dev.cronstone.service.Inspection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs store triggers}: every trigger with its state and fire times. */
@Command(
    name = "triggers",
    description = "Triggers: job, type, state, next and previous fire, misfire, schedule.",
    mixinStandardHelpOptions = true)
final class StoreTriggersCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  record Report(List<Inspection.Trigger> triggers) {}

  @Override
  public Integer call() {
    List<Inspection.Trigger> triggers =
        store.open().inspector().triggers().stream()
            .sorted(
                Comparator.comparing(
                        Inspection.Trigger::jobName,
                        Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(Inspection.Trigger::group)
                    .thenComparing(Inspection.Trigger::name))
            .toList();
    StoreCommand.print(
        store,
        spec,
        new Report(triggers),
        out -> {
          Table table =
              new Table(
                  "JOB",
                  "TRIGGER",
                  "TYPE",
                  "STATE",
                  "NEXT FIRE",
                  "PREVIOUS FIRE",
                  "MISFIRE",
                  "SCHEDULE");
          for (Inspection.Trigger t : triggers) {
            String schedule =
                t.expressions().isEmpty()
                    ? null
                    : String.join("; ", t.expressions())
                        + (t.timezone() == null ? "" : " (" + t.timezone() + ")");
            table.row(
                t.jobGroup() + "." + t.jobName(),
                t.group() + "." + t.name(),
                t.type(),
                t.state(),
                StoreCommand.instant(t.nextFireTime()),
                StoreCommand.instant(t.previousFireTime()),
                t.misfirePolicy() != null
                    ? t.misfirePolicy()
                    : Integer.toString(t.misfireInstruction()),
                schedule);
          }
          table.print(out);
        });
    return 0;
  }
}
