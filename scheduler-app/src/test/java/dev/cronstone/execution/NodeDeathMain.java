package dev.cronstone.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A stand-in for a node, run as its own JVM by {@link CommandProcessGroupTest}: runs one command
 * task on a worker thread (as Quartz does) and waits to be killed. The task writes its pid and its
 * background child's pid into the folder given as the only argument.
 */
public final class NodeDeathMain {
  private NodeDeathMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    TaskExecutor executor = new TaskExecutor(name -> Optional.empty(), 4096);
    var job =
        TaskProcesses.shell(
            CommandProcessGroupTest.TREE.formatted(dir, dir), Duration.ofMinutes(10));
    Thread worker =
        new Thread(
            () -> {
              try {
                System.out.println(executor.execute(job, TaskProcesses.fire(job)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "worker-1");
    worker.start();
    worker.join();
  }
}
