package dev.cronstone.execution;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running command task: TERM to its process group (or, without one, to the process) and to
 * its current descendants, which catches children that left the group with their own {@code
 * setsid}; then KILL to whatever is still alive after the grace period. An interrupt while waiting
 * out the grace skips the rest of it (the KILL comes at once); the interrupt is kept.
 */
final class TaskStopper {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ProcessGroups groups;
  private final Duration grace;

  TaskStopper(ProcessGroups groups, Duration grace) {
    this.groups = groups;
    this.grace = grace;
  }

  void stop(Process process) {
    boolean grouped = groups.available();
    long pgid = process.pid(); // the task was started as the leader of a new session
    List<ProcessHandle> tree = process.descendants().toList();
    if (grouped) {
      groups.signal(pgid, "TERM");
    } else {
      process.destroy();
    }
    tree.forEach(ProcessHandle::destroy);
    boolean interrupted = false;
    try {
      awaitEnd(process, grouped, tree);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (grouped && ProcessGroups.alive(pgid)) {
      groups.signal(pgid, "KILL");
    }
    process.destroyForcibly();
    tree.stream().filter(TaskStopper::running).forEach(ProcessHandle::destroyForcibly);
    interrupted |= awaitExit(process);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitEnd(Process process, boolean grouped, List<ProcessHandle> tree)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (anythingLeft(process, grouped, tree)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      if (process.isAlive()) {
        process.waitFor(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
      } else {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
      }
    }
  }

  private static boolean anythingLeft(Process process, boolean grouped, List<ProcessHandle> tree) {
    return process.isAlive()
        || (grouped && ProcessGroups.alive(process.pid()))
        || tree.stream().anyMatch(TaskStopper::running);
  }

  /** Waits (up to the grace) for the JVM to reap the task; true when interrupted meanwhile. */
  private boolean awaitExit(Process process) {
    try {
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** Alive and not a zombie (a zombie has ended; only its parent has not reaped it yet). */
  private static boolean running(ProcessHandle handle) {
    return handle.isAlive() && ProcStat.of(handle.pid()).map(s -> !s.zombie()).orElse(true);
  }
}
