package dev.cronstone.cli;

import dev.cronstone.service.JobService;
import dev.cronstone.service.RunService;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jobs cds-training} (hidden): the run {@code bin/jobs} records its class-data archive from
 * ({@code -XX:ArchiveClassesAtExit}). It runs the read-only commands, in this process and with
 * their output discarded, on the configured store's first job (list, show, history, tail, next,
 * store nodes, and an unknown job's error), and builds a run request's trigger in memory, so the
 * archive holds the classes those commands and pause, resume, run and cancel load. It never writes
 * to the store, prints nothing and always exits 0.
 */
@Command(name = "cds-training", hidden = true)
final class CdsTrainingCommand implements Callable<Integer> {
  @ParentCommand private JobsCommand root;

  @Override
  public Integer call() {
    Optional<String> job = firstJob();
    run("list", "--limit", "1");
    run("store", "nodes");
    run("show", "cds-training-no-such-job");
    job.ifPresent(
        id -> {
          run("show", id);
          run("history", id, "--limit", "1");
          run("tail", id);
          run("next", id);
        });
    RunService.loadRequestClasses();
    return 0;
  }

  private Optional<String> firstJob() {
    try (JobService jobs = Operator.jobs(root)) {
      return jobs.list(1, Optional.empty()).jobs().stream().findFirst().map(j -> j.id());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void run(String... command) {
    List<String> args = new ArrayList<>();
    root.configFile().ifPresent(f -> args.addAll(List.of("--config", f.toString())));
    args.addAll(List.of(command));
    CommandLine cli = JobsCommand.commandLine(root.clock(), root.env());
    cli.setOut(new PrintWriter(Writer.nullWriter()));
    cli.setErr(new PrintWriter(Writer.nullWriter()));
    try {
      cli.execute(args.toArray(String[]::new));
    } catch (RuntimeException e) {
      // training only: a command that fails here has still loaded its classes
    }
  }
}
