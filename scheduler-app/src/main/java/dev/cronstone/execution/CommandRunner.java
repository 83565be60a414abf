package dev.cronstone.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.model.CommandTask;
import dev.cronstone.model.HumanDuration;
import dev.cronstone.model.Parameters;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command task: its argv (never through a shell) with placeholders rendered, in its workdir,
 * with the node's environment plus the task's {@code env}, {@code JOBS_PARAMETERS} (the spec's
 * parameters as JSON), {@code JOBS_JOB_ID}, {@code JOBS_FIRE_TIME} and, when the job sets {@code
 * limits.batchSize}, {@code CRONSTONE_BATCH_SIZE}. Exit 0 is success. stdout and stderr are drained
 * as the process writes them, keeping the last {@code cap} bytes for the artifacts, and go to the
 * output sink line by line as they come, up to {@code cap} bytes per stream ({@link
 * OutputCapture}); progress lines on stdout go to the observer as they come. The task runs as the
 * leader of its own session and process group, tied to this node's life ({@link ProcessGroups}); a
 * timeout or an interrupt of the running thread (cancel, shutdown) stops the whole group ({@link
 * TaskStopper}).
 */
final class CommandRunner implements TaskRunner<CommandTask> {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
  static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int outputCap;
  private final Parameters parameters;
  private final TaskObserver observer;
  private final OutputSink sink;
  private final ProcessGroups groups;
  private final TaskStopper stopper;

  CommandRunner(int outputCap, Parameters parameters, TaskObserver observer) {
    this(outputCap, parameters, observer, OutputSink.NONE, ProcessGroups.system());
  }

  CommandRunner(int outputCap, Parameters parameters, TaskObserver observer, OutputSink sink) {
    this(outputCap, parameters, observer, sink, ProcessGroups.system());
  }

  CommandRunner(int outputCap, Parameters parameters, TaskObserver observer, ProcessGroups groups) {
    this(outputCap, parameters, observer, OutputSink.NONE, groups);
  }

  /**
   * @param sink hears the output while the task runs, up to {@code outputCap} bytes per stream
   */
  CommandRunner(
      int outputCap,
      Parameters parameters,
      TaskObserver observer,
      OutputSink sink,
      ProcessGroups groups) {
    this.outputCap = outputCap;
    this.parameters = parameters;
    this.observer = observer;
    this.sink = sink;
    this.groups = groups;
    this.stopper = new TaskStopper(groups, KILL_GRACE);
  }

  @Override
  public Outcome run(CommandTask task, FireContext fire, TaskValues values)
      throws InterruptedException {
    List<String> argv = task.command().stream().map(values::render).toList();
    ProcessBuilder builder = new ProcessBuilder(groups.wrap(argv));
    task.workdir().map(File::new).ifPresent(builder::directory);
    Map<String, String> env = builder.environment();
    task.env().forEach((name, value) -> env.put(name, values.render(value)));
    env.put("JOBS_PARAMETERS", json(parameters));
    env.put("JOBS_JOB_ID", fire.jobId());
    env.put("JOBS_FIRE_TIME", fire.intendedFire().toString());
    batchSize(env, task, values);
    Optional<String> cannotExec = startProblem(argv.get(0), builder, fire);
    if (cannotExec.isPresent()) {
      return Outcome.failed("cannot start " + argv.get(0) + ": " + cannotExec.get());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return Outcome.failed("cannot start " + argv.get(0) + ": " + reason(e));
    }
    closeQuietly(process);
    TailBuffer stdout = new TailBuffer(outputCap);
    TailBuffer stderr = new TailBuffer(outputCap);
    OutputSink heard = tolerant(sink, fire);
    Thread out =
        drain(
            process.getInputStream(),
            stdout,
            new ProgressLines(tolerant(observer, fire)),
            new OutputCapture(OutputSink.Stream.STDOUT, heard, outputCap),
            fire);
    Thread err =
        drain(
            process.getErrorStream(),
            stderr,
            null,
            new OutputCapture(OutputSink.Stream.STDERR, heard, outputCap),
            fire);
    Outcome outcome = await(process, fire.timeout(), argv.get(0));
    out.join(KILL_GRACE.toMillis());
    err.join(KILL_GRACE.toMillis());
    return outcome.withOutput(
        new Outcome.Output(stdout.text(), stderr.text(), stdout.truncated() || stderr.truncated()));
  }

  /**
   * {@code CRONSTONE_BATCH_SIZE} is the job's {@code limits.batchSize}; without one, a value the
   * node inherited is not passed on (only one the task's own {@code env} sets).
   */
  private static void batchSize(Map<String, String> env, CommandTask task, TaskValues values) {
    if (values.batchSize().isPresent()) {
      env.put(TaskValues.BATCH_SIZE_ENV, values.batchSize().get());
    } else if (!task.env().containsKey(TaskValues.BATCH_SIZE_ENV)) {
      env.remove(TaskValues.BATCH_SIZE_ENV);
    }
  }

  /**
   * With the helpers in front, a program that cannot be executed would fail in the helper's exec
   * after the start; it is checked first so that the task fails as it did without them.
   */
  private Optional<String> startProblem(String program, ProcessBuilder builder, FireContext fire) {
    if (!groups.available()) {
      groups.warnOnce(fire.nodeId());
      return Optional.empty();
    }
    return Executables.problem(
        program, Executables.workdir(builder.directory()), builder.environment().get("PATH"));
  }

  private Outcome await(Process process, Duration timeout, String program)
      throws InterruptedException {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stopper.stop(process);
        return Outcome.timedOut(program + " ran past its timeout of " + HumanDuration.of(timeout));
      }
    } catch (InterruptedException e) {
      stopper.stop(process);
      throw e;
    }
    int code = process.exitValue();
    // Nothing a run started outlives it: background processes it left in its group are stopped.
    if (groups.available() && ProcessGroups.alive(process.pid())) {
      stopper.stop(process);
    }
    String detail = program + " exited with " + code;
    return new Outcome(
        code == 0 ? Outcome.Status.SUCCEEDED : Outcome.Status.FAILED,
        Optional.of(code),
        detail,
        Outcome.Output.NONE);
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the task gets no stdin either way
    }
  }

  private static Thread drain(
      InputStream in,
      TailBuffer buffer,
      ProgressLines lines,
      OutputCapture capture,
      FireContext fire) {
    String name = capture.stream().code();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                buffer.drain(in, lines, capture);
              } catch (IOException ignored) {
                // the process went away; what was read is kept
              }
            },
            "cronstone-" + fire.jobId() + "-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The observer, with its failures logged instead of thrown: a progress line that cannot be
   * recorded (the store is down) must not stop the reading of the task's output, which would close
   * the pipe and kill the task with SIGPIPE at its next write.
   */
  private static TaskObserver tolerant(TaskObserver observer, FireContext fire) {
    return new TaskObserver() {
      @Override
      public void progress(int percent, String message) {
        heard(() -> observer.progress(percent, message), percent);
      }

      @Override
      public void progress(int percent, String message, long done, long total) {
        heard(() -> observer.progress(percent, message, done, total), percent);
      }

      private void heard(Runnable report, int percent) {
        try {
          report.run();
        } catch (RuntimeException e) {
          LOG.warn(
              "[{}] {}: progress {}% not recorded: {}",
              fire.nodeId(), fire.jobId(), percent, e.getMessage());
        }
      }
    };
  }

  /** The sink, with its failures logged instead of thrown (see the observer's). */
  static OutputSink tolerant(OutputSink sink, FireContext fire) {
    return new OutputSink() {
      @Override
      public void write(Stream stream, String text) {
        heard(stream, () -> sink.write(stream, text));
      }

      @Override
      public void close(Stream stream) {
        heard(stream, () -> sink.close(stream));
      }

      private void heard(Stream stream, Runnable write) {
        try {
          write.run();
        } catch (RuntimeException e) {
          LOG.warn(
              "[{}] {}: {} output not recorded: {}",
              fire.nodeId(),
              fire.jobId(),
              stream.code(),
              e.getMessage());
        }
      }
    };
  }

  private static String json(Parameters parameters) {
    try {
      return JSON.writeValueAsString(parameters.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String reason(IOException e) {
    String message = String.valueOf(e.getMessage());
    int cause = message.indexOf("error=");
    return cause >= 0 ? message.substring(cause) : message;
  }
}
