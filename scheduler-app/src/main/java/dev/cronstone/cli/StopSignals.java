package dev.cronstone.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * How {@code jobs serve} stops: it handles SIGINT, SIGTERM and SIGHUP itself rather than in a JVM
 * shutdown hook, so that its graceful stop runs while the JVM is whole. (Once the JVM shuts down,
 * H2's own shutdown hook closes an embedded database at the same time as any hook of ours, and H2
 * refuses {@code DB_CLOSE_ON_EXIT=FALSE} with {@code AUTO_SERVER=TRUE}.) The first signal starts
 * the stop on a thread of its own; a second one hurries it. {@link #await} returns when the stop is
 * done, and the command then exits normally.
 *
 * <p>A signal the process was started with ignored (as {@code nohup} and background jobs of a
 * non-interactive shell do) stays ignored, as it does for the JVM's own handlers. A shutdown hook
 * remains for every other way the JVM ends ({@code System.exit} elsewhere, a signal not handled
 * here); the stop is idempotent.
 */
final class StopSignals {
  static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
  private static final String SIGNALS_TEXT = "Ctrl-C or SIGTERM";

  private final Runnable stop;
  private final Runnable hurry;
  private final PrintWriter out;
  private final AtomicInteger received = new AtomicInteger();
  private final CountDownLatch done = new CountDownLatch(1);

  private StopSignals(Runnable stop, Runnable hurry, PrintWriter out) {
    this.stop = stop;
    this.hurry = hurry;
    this.out = out;
  }

  /**
   * Handles the signals from now on: the first runs {@code stop} on a thread, a later one runs
   * {@code hurry}; {@code out} says so to the operator.
   */
  static StopSignals install(Runnable stop, Runnable hurry, PrintWriter out) {
    StopSignals signals = new StopSignals(stop, hurry, out);
    for (String name : SIGNALS) {
      Signal.handle(new Signal(name), s -> signals.received("SIG" + s.getName()));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(signals::stopNow, "cronstone-stop-hook"));
    return signals;
  }

  /** Blocks until the stop has run. */
  void await() throws InterruptedException {
    done.await();
  }

  void received(String signal) {
    if (received.getAndIncrement() == 0) {
      say(signal + ": stopping; " + SIGNALS_TEXT + " again stops the running attempts now");
      Thread t = new Thread(this::stopNow, "cronstone-stop");
      t.start();
    } else {
      say(signal + ": stopping the running attempts now");
      hurry.run();
    }
  }

  private void stopNow() {
    try {
      stop.run();
    } finally {
      done.countDown();
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
