package dev.cronstone.cli;

import dev.cronstone.service.Repair;
import dev.cronstone.service.StoreRepair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs store repair [--apply]}: stuck and ERROR triggers, reported (and fixed with --apply).
 */
@Command(
    name = "repair",
    description =
        "Find triggers stuck BLOCKED/ACQUIRED with no live owner and triggers in ERROR; fix them"
            + " with --apply.",
    mixinStandardHelpOptions = true)
final class StoreRepairCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  @Option(
      names = "--apply",
      description = "Change the triggers (default: a dry run that changes nothing).")
  private boolean apply;

  @Override
  public Integer call() {
    StoreRepair repair = store.open().repair();
    Repair.Report report = apply ? repair.apply(store.now()) : repair.plan(store.now());
    StoreCommand.print(
        store,
        spec,
        report,
        out -> {
          if (!report.fixes().isEmpty()) {
            Table fixes = new Table("ACTION", "TRIGGER", "JOB", "FROM", "TO", "REASON");
            report
                .fixes()
                .forEach(
                    f ->
                        fixes.row(
                            apply ? "fixed" : "would fix",
                            f.triggerGroup() + "." + f.triggerName(),
                            f.jobGroup() + "." + f.jobName(),
                            f.fromState(),
                            f.toState(),
                            f.reason()));
            fixes.print(out);
          }
          if (!report.leftAlone().isEmpty()) {
            if (!report.fixes().isEmpty()) {
              out.println();
            }
            Table left = new Table("LEFT ALONE", "JOB", "STATE", "REASON");
            report
                .leftAlone()
                .forEach(
                    l ->
                        left.row(
                            l.triggerGroup() + "." + l.triggerName(),
                            l.jobGroup() + "." + l.jobName(),
                            l.state(),
                            l.reason()));
            left.print(out);
          }
          if (report.fixes().isEmpty()) {
            out.println("nothing to repair");
          } else if (apply) {
            out.println(report.fixes().size() + " trigger(s) repaired");
          } else {
            out.println(
                report.fixes().size()
                    + " trigger(s) would be repaired; run 'jobs store repair --apply' to fix them");
          }
        });
    return 0;
  }
}
