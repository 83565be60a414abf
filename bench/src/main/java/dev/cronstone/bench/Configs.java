package dev.cronstone.bench;

import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Node configurations written as {@code scheduler.yaml} files, for in-process and real nodes. */
final class Configs {
  private static final AtomicInteger PORTS =
      new AtomicInteger(18_080 + (int) (ProcessHandle.current().pid() % 1000) * 10);

  private Configs() {}

  /** The settings of one node; everything not named here is Cronstone's default. */
  record Node(
      String url,
      String nodeId,
      boolean clustered,
      Path jobsDir,
      Path artifactsDir,
      boolean syncOnStart,
      int threads) {

    Node withNodeId(String id) {
      return new Node(url, id, clustered, jobsDir, artifactsDir, syncOnStart, threads);
    }

    String yaml() {
      return "store:\n"
          + "  url: \""
          + url
          + "\"\n"
          + "  user: \""
          + Stores.user(url)
          + "\"\n"
          + "  password: \"\"\n"
          + Optional.ofNullable(System.getProperty("bench.node.maxPoolSize"))
              .map(n -> "  maxPoolSize: " + Integer.parseInt(n) + "\n")
              .orElse("")
          + "cluster:\n"
          + "  enabled: "
          + clustered
          + "\n"
          + "  nodeId: "
          + nodeId
          + "\n"
          + "scheduler:\n"
          + "  threads: "
          + Optional.ofNullable(System.getProperty("bench.node.threads"))
              .map(Integer::parseInt)
              .orElse(threads)
          + "\n"
          + "jobs:\n"
          + "  dir: \""
          + jobsDir
          + "\"\n"
          + "  syncOnStart: "
          + syncOnStart
          + "\n"
          + "artifacts:\n"
          + "  dir: \""
          + artifactsDir
          + "\"\n"
          + "api:\n"
          + "  port: "
          + PORTS.getAndIncrement()
          + "\n"
          + "  tokenFile: \""
          + artifactsDir.resolveSibling("api-token-" + nodeId)
          + "\"\n";
    }

    Path write(Path file) throws IOException {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml());
      return file;
    }

    NodeConfig load(Path file) throws IOException {
      write(file);
      return new ConfigLoader(name -> Optional.ofNullable(System.getenv(name))).load(file);
    }
  }

  static Node node(String url, Path work) {
    return new Node(
        url, "bench-node", false, work.resolve("jobs"), work.resolve("runs"), false, 25);
  }
}
