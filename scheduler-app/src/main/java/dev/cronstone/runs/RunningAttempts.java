package dev.cronstone.runs;

import dev.cronstone.ledger.RunId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts running in this process, each on its thread, so that a cancel request or a graceful
 * stop can interrupt exactly that thread, and only while the attempt's task runs: once an attempt
 * is {@link #done done}, no interrupt reaches its thread (which goes back to Quartz's pool).
 */
final class RunningAttempts {
  /** One attempt on its thread; {@code stopReason} says why it was interrupted, if it was. */
  static final class Entry {
    private final RunId run;
    private final int attemptNo;
    private final Thread thread;
    private String stopReason;
    private boolean done;

    private Entry(RunId run, int attemptNo, Thread thread) {
      this.run = run;
      this.attemptNo = attemptNo;
      this.thread = thread;
    }

    synchronized Optional<String> stopReason() {
      return Optional.ofNullable(stopReason);
    }

    private synchronized boolean stop(String reason) {
      if (done || stopReason != null) {
        return false;
      }
      stopReason = reason;
      thread.interrupt();
      return true;
    }
  }

  private final Map<RunId, Entry> running = new ConcurrentHashMap<>();

  /** Set by {@link #stopAll}: every attempt registered after it is stopped at once, for it. */
  private volatile String stoppingAll;

  /**
   * The calling thread runs attempt {@code attemptNo} of {@code run} from now on; after {@link
   * #stopAll}, the attempt is stopped (its thread interrupted) at once.
   */
  Entry register(RunId run, int attemptNo) {
    Entry entry = new Entry(run, attemptNo, Thread.currentThread());
    running.put(run, entry);
    String reason = stoppingAll;
    if (reason != null) {
      entry.stop(reason);
    }
    return entry;
  }

  /**
   * The attempt's task is over: no interrupt reaches its thread any more, and one that came too
   * late to stop the task is cleared. Idempotent; call it on the attempt's own thread.
   */
  void done(Entry entry) {
    boolean interrupted;
    synchronized (entry) {
      entry.done = true;
      interrupted = entry.stopReason != null;
    }
    running.remove(entry.run, entry);
    if (interrupted) {
      Thread.interrupted();
    }
  }

  /**
   * Interrupts attempt {@code attemptNo} of {@code run} if it runs here; true the first time only.
   */
  boolean stop(RunId run, int attemptNo, String reason) {
    Entry entry = running.get(run);
    return entry != null && entry.attemptNo == attemptNo && entry.stop(reason);
  }

  /**
   * Interrupts every attempt running here, and every attempt registered from now on (one whose fire
   * was already on its way when the process began to stop); returns how many were interrupted now.
   */
  int stopAll(String reason) {
    stoppingAll = reason;
    return (int) running.values().stream().filter(e -> e.stop(reason)).count();
  }

  int size() {
    return running.size();
  }
}
