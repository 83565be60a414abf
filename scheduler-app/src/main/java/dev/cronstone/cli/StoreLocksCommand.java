package dev.cronstone.cli;

import dev.cronstone.service.Inspection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs store locks}: Quartz's lock rows, and on PostgreSQL the sessions holding them. */
@Command(
    name = "locks",
    description = "Quartz's row locks (QRTZ_LOCKS); on PostgreSQL, the sessions holding them now.",
    mixinStandardHelpOptions = true)
final class StoreLocksCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    Inspection.Locks locks = store.open().inspector().locks();
    StoreCommand.print(
        store,
        spec,
        locks,
        out -> {
          Table rows = new Table("SCHEDULER", "LOCK");
          locks.locks().forEach(l -> rows.row(l.schedulerName(), l.lockName()));
          rows.print(out);
          out.println();
          if (!locks.holdersKnown()) {
            out.println("Lock holders: not visible on this database (PostgreSQL only).");
            return;
          }
          out.println("Sessions in a transaction holding (or waiting for) QRTZ_LOCKS rows:");
          if (locks.holders().isEmpty()) {
            out.println("(none)");
            return;
          }
          Table holders =
              new Table("PID", "APPLICATION", "CLIENT", "STATE", "TRANSACTION START", "WAITING ON");
          locks
              .holders()
              .forEach(
                  h ->
                      holders.row(
                          h.pid(),
                          h.applicationName(),
                          h.clientAddress(),
                          h.state(),
                          StoreCommand.instant(h.transactionStart()),
                          h.waitEvent()));
          holders.print(out);
        });
    return 0;
  }
}
