package dev.cronstone.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.quartz.JobDetail;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's job completions, grouped: a worker hands its completion over and goes back to the pool;
 * one flusher thread takes every completion that has arrived and writes them together (plain ones
 * in one transaction without the {@code TRIGGER_ACCESS} lock, the others in one under it). Without
 * it each completion takes the cluster's one lock row for a commit of its own. There is no fixed
 * delay: a flush takes whatever queued up while the previous one ran, so batches grow with the load
 * (group commit).
 *
 * <p>Crash safety: a completion not yet flushed when the node dies leaves its {@code EXECUTING} row
 * in {@code QRTZ_FIRED_TRIGGERS}, exactly as a job still running would; the survivor's cluster
 * recovery deletes it (and re-fires jobs that request recovery, which the run ledger answers
 * without a second run). The duplicate guard is untouched: it lives in acquisition and firing.
 */
final class Completions {
  private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

  /** The most completions one flush writes. */
  static final int MAX_BATCH = 500;

  /** One job completion as Quartz reports it. */
  record Completion(
      OperableTrigger trigger, JobDetail job, CompletedExecutionInstruction instruction) {
    Completion {
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(instruction, "instruction");
    }

    /**
     * Whether the completion only removes its fired-trigger row: no trigger state to change, no
     * blocked sibling to release and no job data to save (every fire of a recurring Cronstone
     * trigger).
     */
    boolean onlyFiredRow() {
      return instruction == CompletedExecutionInstruction.NOOP
          && !job.isConcurrentExecutionDisallowed()
          && !(job.isPersistJobDataAfterExecution() && job.getJobDataMap().isDirty());
    }
  }

  /** Wakes the flusher to stop; queued behind every completion already offered. */
  private static final Object STOP = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<Completion>> flush;
  private final String nodeId;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param flush writes a batch durably before it returns (retrying as long as the store lives)
   */
  Completions(String nodeId, Consumer<List<Completion>> flush) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.flush = Objects.requireNonNull(flush, "flush");
    this.thread = new Thread(this::loop, "cronstone-" + nodeId + "-completions");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues the completion; false when the flusher has stopped (the caller writes it itself). */
  boolean offer(Completion completion) {
    return running && queue.offer(completion);
  }

  /** Stops taking completions and flushes every one already queued before it returns. */
  void stop() {
    running = false;
    queue.offer(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQueued(); // a completion offered while the flusher was stopping
  }

  private void loop() {
    List<Object> taken = new ArrayList<>();
    while (true) {
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        return; // stop() flushes what is left
      }
      queue.drainTo(taken, MAX_BATCH - 1);
      boolean stop = taken.remove(STOP);
      write(completions(taken));
      taken.clear();
      if (stop) {
        return;
      }
    }
  }

  private void flushQueued() {
    List<Object> taken = new ArrayList<>();
    while (queue.drainTo(taken, MAX_BATCH) > 0) {
      taken.remove(STOP);
      write(completions(taken));
      taken.clear();
    }
  }

  private static List<Completion> completions(List<Object> taken) {
    List<Completion> batch = new ArrayList<>(taken.size());
    taken.forEach(o -> batch.add((Completion) o));
    return batch;
  }

  private void write(List<Completion> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      flush.accept(batch);
    } catch (RuntimeException e) {
      // The flush retries while the store lives; it gives up only when the store shuts down.
      LOG.error(
          "[{}] {} job completion(s) not written: {}; their fired-trigger rows are left to recovery",
          nodeId,
          batch.size(),
          e.toString());
    }
  }
}
