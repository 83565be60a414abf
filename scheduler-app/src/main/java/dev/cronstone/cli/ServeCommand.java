package dev.cronstone.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import dev.cronstone.node.NodeLogging;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs serve}: migrate, sync, start a node; SIGTERM or Ctrl-C stops it cleanly. */
@Command(
    name = "serve",
    description =
        "Run a node: migrate the store, sync the jobs folder, fire jobs until stopped (SIGTERM, Ctrl-C).",
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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "cronstone-stop"));
    PrintWriter out = spec.commandLine().getOut();
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
    out.println("stop with Ctrl-C or SIGTERM");
    out.flush();
    stopped.await();
    return 0;
  }
}
