package dev.cronstone.execution;

import dev.cronstone.model.BuiltinTask;
import dev.cronstone.model.HumanDuration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in tasks: noop, sleep, fail and echo. Their messages go through the same capture as a
 * command's output: echo prints its message on stdout, fail its message on stderr, sleep what it is
 * about to do on stdout (and on stderr when it ran out of time); noop prints nothing.
 */
final class BuiltinRunner implements TaskRunner<BuiltinTask> {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltinRunner.class);

  private final int outputCap;
  private final OutputSink sink;

  /**
   * @param sink hears the task's messages, up to {@code outputCap} bytes per stream
   */
  BuiltinRunner(int outputCap, OutputSink sink) {
    this.outputCap = outputCap;
    this.sink = sink;
  }

  @Override
  public Outcome run(BuiltinTask task, FireContext fire, TaskValues values)
      throws InterruptedException {
    return switch (task.name()) {
      case NOOP -> Outcome.succeeded("noop");
      case SLEEP -> sleep(task.duration().orElseThrow(), fire);
      case FAIL -> fail(task.message().orElse("the fail task failed, as asked"), fire);
      case ECHO -> echo(task.message().orElseThrow(), fire);
    };
  }

  private Outcome sleep(Duration duration, FireContext fire) throws InterruptedException {
    Duration timeout = fire.timeout();
    print(fire, OutputSink.Stream.STDOUT, "sleeping " + HumanDuration.of(duration));
    if (duration.compareTo(timeout) > 0) {
      Thread.sleep(timeout.toMillis());
      Outcome out =
          Outcome.timedOut(
              "slept the whole timeout of "
                  + HumanDuration.of(timeout)
                  + " (asked for "
                  + HumanDuration.of(duration)
                  + ")");
      print(fire, OutputSink.Stream.STDERR, out.detail());
      return out;
    }
    Thread.sleep(duration.toMillis());
    return Outcome.succeeded("slept " + HumanDuration.of(duration));
  }

  private Outcome fail(String message, FireContext fire) {
    print(fire, OutputSink.Stream.STDERR, message);
    return Outcome.failed(message);
  }

  private Outcome echo(String message, FireContext fire) {
    LOG.info("[{}] {} echo: {}", fire.nodeId(), fire.jobId(), message);
    print(fire, OutputSink.Stream.STDOUT, message);
    return Outcome.succeeded(message).withOutput(new Outcome.Output(message + "\n", "", false));
  }

  /** One message, as a line of the stream, through the bounded capture. */
  private void print(FireContext fire, OutputSink.Stream stream, String message) {
    OutputCapture capture =
        new OutputCapture(stream, CommandRunner.tolerant(sink, fire), outputCap);
    byte[] line = (message + "\n").getBytes(StandardCharsets.UTF_8);
    capture.accept(line, line.length);
    capture.close();
  }
}
