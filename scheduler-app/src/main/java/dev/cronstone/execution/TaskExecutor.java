package dev.cronstone.execution;

import dev.cronstone.model.BuiltinTask;
import dev.cronstone.model.CommandTask;
import dev.cronstone.model.HttpTask;
import dev.cronstone.model.JobSpec;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a job's task once for a fire: the one entry point from the scheduler (and later the CLI's
 * {@code run --local}) to the task runners. Never throws for a task's own failure: every end is an
 * {@link Outcome}.
 */
public final class TaskExecutor {
  private final Function<String, Optional<String>> env;
  private final int outputCap;
  private final HttpClient http = HttpRunner.client();

  /**
   * @param env the environment that {@code ${env:NAME}} secrets are read from
   * @param outputCap bytes of stdout, stderr (or an HTTP answer) kept, the tail
   */
  public TaskExecutor(Function<String, Optional<String>> env, long outputCap) {
    this.env = env;
    this.outputCap = (int) Math.min(Integer.MAX_VALUE - 8, outputCap);
  }

  public Outcome execute(JobSpec job, FireContext fire) throws InterruptedException {
    return execute(job, fire, TaskObserver.NONE);
  }

  /** Runs the task; what it reports while running goes to {@code observer}. */
  public Outcome execute(JobSpec job, FireContext fire, TaskObserver observer)
      throws InterruptedException {
    return execute(job, fire, observer, OutputSink.NONE);
  }

  /**
   * Runs the task; what it reports while running goes to {@code observer}, what it prints to {@code
   * output} (a command's stdout and stderr, an HTTP task's exchange, a built-in's messages), line
   * by line as it prints it, up to the output cap per stream.
   */
  public Outcome execute(JobSpec job, FireContext fire, TaskObserver observer, OutputSink output)
      throws InterruptedException {
    TaskValues values = new TaskValues(fire, job.limits().batchSize(), env);
    try {
      if (job.task() instanceof CommandTask command) {
        return new CommandRunner(outputCap, job.parameters(), observer, output)
            .run(command, fire, values);
      } else if (job.task() instanceof HttpTask request) {
        return new HttpRunner(http, outputCap, output).run(request, fire, values);
      } else {
        return new BuiltinRunner(outputCap, output).run((BuiltinTask) job.task(), fire, values);
      }
    } catch (IllegalArgumentException e) {
      // A placeholder or secret that cannot be resolved here (an unset environment variable).
      return Outcome.failed(e.getMessage());
    }
  }
}
