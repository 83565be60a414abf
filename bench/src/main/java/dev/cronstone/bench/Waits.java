package dev.cronstone.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polling with a deadline: the benchmarks wait for outcomes, never for fixed times. */
final class Waits {
  private Waits() {}

  /** Polls {@code done} every {@code every} until it is true; returns the instant it was seen. */
  static long until(String what, Duration within, Duration every, Callable<Boolean> done)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      if (done.call()) {
        return System.currentTimeMillis();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up after " + within + " waiting for " + what);
      }
      Thread.sleep(every.toMillis());
    }
  }
}
