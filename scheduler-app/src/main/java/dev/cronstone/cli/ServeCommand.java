package dev.cronstone.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import dev.cronstone.node.NodeLogging;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs serve}: migrate, sync, start a node; SIGTERM or Ctrl-C stops it cleanly, a second one
 * at once ({@link StopSignals}); the command then exits 0.
 */
@Command(
    name = "serve",
    description =
        "Run a node: migrate the store, sync the jobs folder, fire jobs until stopped (SIGTERM,"
            + " Ctrl-C).",
    mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (System.getenv("CRONSTONE_LOG_LEVEL") == null) {
      ((Logger) LoggerFactory.getLogger("dev.cronstone")).setLevel(Level.INFO);
    }
    NodeConfig config = root.config();
    NodeLogging.apply(config.logging());
    Node node = root.startNode(config);
    PrintWriter out = spec.commandLine().getOut();
    StopSignals signals = StopSignals.install(node::close, node::stopNow, out);
    out.println("cronstone node " + node.nodeId() + " running");
    out.println("  store:     " + config.store().maskedUrl());
    out.println("  jobs:      " + config.jobs().dir().toAbsolutePath().normalize());
    out.println("  artifacts: " + config.artifacts().dir().toAbsolutePath().normalize());
    String format = config.logging().format().name().toLowerCase(Locale.ROOT);
    out.println(
        "  logs:      "
            + config
                .logging()
                .file()
                .map(f -> f.toAbsolutePath().normalize())
                .map(String::valueOf)
                .orElse("stderr")
            + " ("
            + format
            + ")");
    out.println("  cluster:   " + (config.cluster().enabled() ? "enabled" : "single node"));
    out.println("API listening on " + node.api().uri());
    out.println("  token:     " + node.api().tokenNotice());
    out.println("stop with Ctrl-C or SIGTERM (a second one stops running attempts at once)");
    out.flush();
    signals.await();
    return 0;
  }
}
