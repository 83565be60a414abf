package dev.cronstone.cli;

import dev.cronstone.service.AdminStore;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs store ...}: the JDBC store itself, read and repaired directly, from any machine that
 * reaches the database, with or without a node running.
 */
@Command(
    name = "store",
    description = "Inspect, migrate and repair the JDBC store directly.",
    mixinStandardHelpOptions = true,
    subcommands = {
      StoreNodesCommand.class,
      StoreTriggersCommand.class,
      StoreFiredCommand.class,
      StoreLocksCommand.class,
      StorePausedCommand.class,
      StoreMigrateCommand.class,
      StoreRepairCommand.class
    })
final class StoreCommand implements Runnable {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured store, checked to answer ({@code store_unavailable} otherwise). */
  AdminStore open() {
    return AdminStore.open(root.config().store());
  }

  Instant now() {
    return root.clock().instant();
  }

  boolean json() {
    return root.output() == OutputFormat.JSON;
  }

  /** Prints {@code value} as JSON, or runs {@code text}, then flushes. */
  static void print(
      StoreCommand store,
      CommandSpec spec,
      Object value,
      java.util.function.Consumer<PrintWriter> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (store.json()) {
      out.println(Json.write(value));
    } else {
      text.accept(out);
    }
    out.flush();
  }

  static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
