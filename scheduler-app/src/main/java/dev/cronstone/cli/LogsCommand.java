package dev.cronstone.cli;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.OutputPage;
import dev.cronstone.service.RunService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs logs <run-id|job-id> [--attempt N] [--stream stdout|stderr] [--follow]}: what an
 * attempt of a run printed, read from the store (wherever the run ran). stdout goes to stdout and
 * stderr to stderr; with {@code --output json}, one JSON line per chunk on stdout.
 */
@Command(
    name = "logs",
    description =
        "Print what a run's task printed (a job id: its active run, else its latest; its latest"
            + " attempt unless --attempt); --follow waits for more until the attempt ends.",
    mixinStandardHelpOptions = true)
final class LogsCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofMillis(250);
  static final int PAGE = 1000;

  @ParentCommand private JobsCommand root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "RUN|JOB", description = "A run id (job#42) or a job id.")
  private String target;

  @Option(names = "--attempt", paramLabel = "N", description = "The attempt (default: the latest).")
  private Integer attempt;

  @Option(
      names = "--stream",
      paramLabel = "STREAM",
      description = "stdout or stderr (default: both).")
  private String stream;

  @Option(names = "--follow", description = "Keep printing as the task prints, until it ends.")
  private boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    Optional<String> only = stream();
    if (attempt != null && attempt < 1) {
      throw CronstoneException.invalidArgument("--attempt", "must be 1 or more, got " + attempt);
    }
    try (RunService runs = RunService.open(root.config(), root.clock())) {
      Optional<RunId> id = runId(runs);
      if (id.isEmpty()) {
        err(target + " has no runs yet");
        return 0;
      }
      int offset = 0;
      Optional<Integer> no = Optional.ofNullable(attempt);
      while (true) {
        OutputPage page = runs.output(id.get(), no, only, offset, PAGE);
        page.chunks().forEach(this::print);
        flush();
        offset = page.nextOffset();
        if (page.attemptNo() > 0) {
          no = Optional.of(page.attemptNo());
        }
        if (page.chunks().size() == PAGE) {
          continue;
        }
        if (!follow || page.attemptEnded()) {
          return 0;
        }
        Thread.sleep(POLL.toMillis());
      }
    }
  }

  private Optional<RunId> runId(RunService runs) {
    if (target.indexOf('#') >= 0) {
      return Optional.of(RunId.parse(target));
    }
    return runs.activeOrLatest(target).map(Run::id);
  }

  private Optional<String> stream() {
    if (stream == null) {
      return Optional.empty();
    }
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw CronstoneException.invalidArgument(
          "--stream", "must be stdout or stderr, got '" + stream + "'");
    }
    return Optional.of(stream);
  }

  private void print(OutputChunk chunk) {
    PrintWriter out = spec.commandLine().getOut();
    if (root.output() == OutputFormat.JSON) {
      out.println(
          Json.line(
              Map.of(
                  "runId", chunk.run().toString(),
                  "attempt", chunk.attemptNo(),
                  "seq", chunk.seq(),
                  "stream", chunk.stream(),
                  "text", chunk.text())));
    } else if (chunk.stream().equals("stderr") && stream == null) {
      spec.commandLine().getErr().print(chunk.text());
    } else {
      out.print(chunk.text());
    }
  }

  private void flush() {
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
  }

  private void err(String line) {
    spec.commandLine().getErr().println(line);
    spec.commandLine().getErr().flush();
  }
}
