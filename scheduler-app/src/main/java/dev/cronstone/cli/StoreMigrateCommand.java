package dev.cronstone.cli;

import dev.cronstone.store.Migrations;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs store migrate}: applies the pending schema migrations and says which. */
@Command(
    name = "migrate",
    description = "Apply the store's pending schema migrations.",
    mixinStandardHelpOptions = true)
final class StoreMigrateCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  record Report(String store, boolean upToDate, List<Migrations.Applied> applied) {}

  @Override
  public Integer call() {
    var admin = store.open();
    List<Migrations.Applied> applied = admin.migrate();
    StoreCommand.print(
        store,
        spec,
        new Report(admin.config().maskedUrl(), applied.isEmpty(), applied),
        out -> {
          if (applied.isEmpty()) {
            out.println("store schema is up to date (" + admin.config().maskedUrl() + ")");
            return;
          }
          applied.forEach(m -> out.println("applied V" + m.version() + "  " + m.description()));
          out.println(applied.size() + " migration(s) applied to " + admin.config().maskedUrl());
        });
    return 0;
  }
}
