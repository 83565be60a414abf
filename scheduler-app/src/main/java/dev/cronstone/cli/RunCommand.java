package dev.cronstone.cli;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.HumanDuration;
import dev.cronstone.service.AdminStore;
import dev.cronstone.service.RunService;
import dev.cronstone.view.RunView;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs run <id> [--wait [--timeout D]] [--follow] | --local | --fire-time T}: run a job now,
 * on the cluster (through the store) or here, or replay a past fire time.
 */
@Command(
    name = "run",
    description =
        "Run a job now: queue it for the cluster and print the run id (or run it here with"
            + " --local).",
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  /** Exit code when --wait gives up before the run ends (docs/cli.md). */
  static final int GAVE_UP = 5;

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The job to run.")
  private String jobId;

  @Option(
      names = "--wait",
      description = "Wait for the run to end; exit 0 if it succeeded, 1 otherwise.")
  private boolean waitForEnd;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      description = "With --wait or --follow: give up after this ISO-8601 duration (exit 5).")
  private String timeout;

  @Option(names = "--follow", description = "Print the run's events as they happen, until it ends.")
  private boolean follow;

  @Option(
      names = "--local",
      description = "Run it here, in the foreground, through the same executor and ledger.")
  private boolean local;

  @Option(
      names = "--fire-time",
      paramLabel = "T",
      description =
          "Replay this past fire time of the schedule (an instant, e.g. 2026-03-08T07:30:00Z).")
  private String fireTime;

  @Override
  public Integer call() throws InterruptedException {
    Optional<Duration> limit = parseTimeout();
    if (local && fireTime != null) {
      throw CronstoneException.invalidArgument("--local", "cannot be combined with --fire-time");
    }
    NodeConfig config = root.config();
    PrintWriter out = spec.commandLine().getOut();
    try (RunService runs = RunService.open(config, root.clock(), AdminStore.Use.WRITE)) {
      if (local) {
        return runHere(runs, out);
      }
      Run run = queue(runs);
      boolean nobody = !runs.anyNodeAlive();
      if (nobody) {
        warnNoNode(run);
      }
      if (!waitForEnd && !follow) {
        print(out, run);
        return 0;
      }
      if (root.output() == OutputFormat.TEXT) {
        out.println(run.id());
        out.flush();
      }
      Optional<Instant> deadline = limit.map(d -> root.clock().instant().plus(d));
      RunEvents events = new RunEvents(runs, out, follow ? root.output() : OutputFormat.TEXT);
      Run ended =
          follow ? events.follow(run.id(), deadline, root.clock()) : waitFor(runs, run, deadline);
      return finish(out, ended, limit, nobody && !runs.anyNodeAlive());
    }
  }

  /**
   * Queues the run (or the replay); on a store that has no job yet, after the first sync {@link
   * FirstSync} decides on.
   */
  private Run queue(RunService runs) {
    Instant replayed = fireTime == null ? null : parseFireTime();
    try {
      return queueOnce(runs, replayed);
    } catch (JobNotFoundException e) {
      firstSync().syncOrExplain(jobId, e);
      return queueOnce(runs, replayed);
    }
  }

  private Run queueOnce(RunService runs, Instant replayed) {
    return replayed == null
        ? runs.runNow(jobId, Operator.name())
        : runs.replay(jobId, replayed, Operator.name());
  }

  private FirstSync firstSync() {
    return new FirstSync(root.config(), root.clock(), spec.commandLine().getErr());
  }

  /**
   * Says on stderr that no node is alive on the store, so nothing runs the queued run until one
   * starts, and how to run the job here instead.
   */
  private void warnNoNode(Run run) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "warning: no node is alive on this store: "
            + run.id()
            + " stays queued until a node starts ('jobs serve').");
    err.println(
        "  To run the job here instead: 'jobs cancel "
            + run.id()
            + "', then 'jobs run "
            + jobId
            + " --local'.");
    err.flush();
  }

  private Integer runHere(RunService runs, PrintWriter out) throws InterruptedException {
    String owner = "cli:" + host() + ":" + ProcessHandle.current().pid();
    Run run;
    try {
      run = runs.runLocal(jobId, Operator.name(), owner, root.env());
    } catch (JobNotFoundException e) {
      firstSync().syncOrExplain(jobId, e);
      run = runs.runLocal(jobId, Operator.name(), owner, root.env());
    }
    RunEvents events = new RunEvents(runs, out, root.output());
    if (root.output() == OutputFormat.TEXT) {
      events.printNew(run.id());
      out.println(run.id() + " " + run.status().code());
    } else {
      out.println(Json.write(RunView.of(run)));
    }
    out.flush();
    return exitCode(run);
  }

  private Run waitFor(RunService runs, Run run, Optional<Instant> deadline)
      throws InterruptedException {
    Run current = run;
    while (!current.status().terminal()) {
      if (deadline.isPresent() && !root.clock().instant().isBefore(deadline.get())) {
        return current;
      }
      Thread.sleep(RunEvents.POLL.toMillis());
      current = runs.run(run.id());
    }
    return current;
  }

  private int finish(PrintWriter out, Run run, Optional<Duration> limit, boolean nobody) {
    if (!run.status().terminal()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "gave up after "
              + limit.map(HumanDuration::of).orElse("?")
              + ": run "
              + run.id()
              + " is still "
              + run.status().code()
              + (nobody
                  ? " (no node is alive on this store; 'jobs run "
                      + jobId
                      + " --local' runs it here)"
                  : ""));
      err.flush();
      if (root.output() == OutputFormat.JSON && !follow) {
        out.println(Json.write(RunView.of(run)));
        out.flush();
      }
      return GAVE_UP;
    }
    if (root.output() == OutputFormat.JSON && !follow) {
      out.println(Json.write(RunView.of(run)));
    } else if (root.output() == OutputFormat.TEXT) {
      out.println(outcome(run));
    }
    out.flush();
    return exitCode(run);
  }

  /**
   * The line that says how a run ended: {@code <id> <status>}, with its error's message when it has
   * one. The ledger's messages already start with {@code run <id>}; they are not prefixed again.
   */
  static String outcome(Run run) {
    String head = run.id() + " " + run.status().code();
    return run.error()
        .map(e -> e.error().message())
        .map(m -> m.startsWith("run " + run.id() + " ") ? m : head + ": " + m)
        .orElse(head);
  }

  private void print(PrintWriter out, Run run) {
    out.println(
        root.output() == OutputFormat.JSON ? Json.write(RunView.of(run)) : run.id().toString());
    out.flush();
  }

  static int exitCode(Run run) {
    return run.status() == RunStatus.SUCCEEDED ? 0 : 1;
  }

  private Optional<Duration> parseTimeout() {
    if (timeout == null) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.parse(timeout);
      if (d.isNegative() || d.isZero()) {
        throw CronstoneException.invalidArgument("--timeout", "must be positive, got " + timeout);
      }
      return Optional.of(d);
    } catch (DateTimeParseException e) {
      throw CronstoneException.invalidArgument(
          "--timeout", "must be an ISO-8601 duration such as PT5M, got '" + timeout + "'");
    }
  }

  private Instant parseFireTime() {
    try {
      return Instant.parse(fireTime);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(fireTime).toInstant();
      } catch (DateTimeParseException e2) {
        throw CronstoneException.invalidArgument(
            "--fire-time",
            "must be an instant such as 2026-03-08T07:30:00Z, got '" + fireTime + "'");
      }
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
