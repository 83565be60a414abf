package dev.cronstone.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/bench <scenario> [options]}: runs one named benchmark scenario. */
@Command(
    name = "bench",
    description = "Cronstone benchmarks: each scenario prints a table and writes a JSON result.",
    mixinStandardHelpOptions = true,
    subcommands = {
      Throughput.class,
      Lateness.class,
      Burst.class,
      Overload.class,
      RunNow.class,
      Failover.class,
      Cluster.class,
      Scale.class,
      SyncBench.class,
      LedgerBench.class,
      CliBench.class
    })
public final class Bench implements Runnable {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a scenario; returns its exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Bench()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
