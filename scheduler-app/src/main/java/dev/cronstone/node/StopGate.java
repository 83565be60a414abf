package dev.cronstone.node;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a node's stop waits on: the end of its running jobs ({@link #finished}), or an operator who
 * will not wait for them any longer ({@link #hurry}: a second SIGINT or SIGTERM). Either wakes the
 * waiter at once, so a stop lasts no longer than its attempts do.
 */
final class StopGate {
  private boolean finished;
  private boolean hurried;

  /** The scheduler has shut down: no job runs here any more. */
  synchronized void finished() {
    finished = true;
    notifyAll();
  }

  /** Stop the running attempts now rather than at the end of the grace. */
  synchronized void hurry() {
    hurried = true;
    notifyAll();
  }

  synchronized boolean hurried() {
    return hurried;
  }

  /**
   * Waits until the jobs finished, {@code max} passed or, when {@code untilHurried}, someone
   * hurried the stop; true when the jobs finished.
   */
  synchronized boolean await(Duration max, boolean untilHurried) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!finished && !(untilHurried && hurried)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return finished;
  }
}
