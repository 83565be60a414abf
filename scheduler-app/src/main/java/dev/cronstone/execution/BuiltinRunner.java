package dev.cronstone.execution;

import dev.cronstone.model.BuiltinTask;
import dev.cronstone.model.HumanDuration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in tasks: noop, sleep, fail and echo. */
final class BuiltinRunner implements TaskRunner<BuiltinTask> {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltinRunner.class);

  @Override
  public Outcome run(BuiltinTask task, FireContext fire, TaskValues values)
      throws InterruptedException {
    return switch (task.name()) {
      case NOOP -> Outcome.succeeded("noop");
      case SLEEP -> sleep(task.duration().orElseThrow(), fire.timeout());
      case FAIL -> Outcome.failed(task.message().orElse("the fail task failed, as asked"));
      case ECHO -> echo(task.message().orElseThrow(), fire);
    };
  }

  private static Outcome sleep(Duration duration, Duration timeout) throws InterruptedException {
    if (duration.compareTo(timeout) > 0) {
      Thread.sleep(timeout.toMillis());
      return Outcome.timedOut(
          "slept the whole timeout of "
              + HumanDuration.of(timeout)
              + " (asked for "
              + HumanDuration.of(duration)
              + ")");
    }
    Thread.sleep(duration.toMillis());
    return Outcome.succeeded("slept " + HumanDuration.of(duration));
  }

  private static Outcome echo(String message, FireContext fire) {
    LOG.info("[{}] {} echo: {}", fire.nodeId(), fire.jobId(), message);
    return Outcome.succeeded(message).withOutput(new Outcome.Output(message + "\n", "", false));
  }
}
