package dev.cronstone.node;

import dev.cronstone.ledger.EndFlusher;
import dev.cronstone.ledger.OutputFlusher;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.runs.RunDriver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's writers behind its runs: the group commit of attempt ends ({@link EndFlusher}), a small
 * pool that runs what follows each end once it is committed (the worker that ran the task does not
 * wait for it), and a small pool that writes the artifacts from each end's result, off the
 * attempt's path, and the batched writer of what tasks print ({@link OutputFlusher}). Closed after
 * the last attempt ended and the store waited for the last end: what is queued is done, then the
 * flusher stops.
 */
final class RunWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunWork.class);

  /** Threads running what follows a committed end (retry trigger, waiting run, metrics). */
  static final int AFTER_END_THREADS = 2;

  /** Threads writing artifacts. */
  static final int ARTIFACT_THREADS = 2;

  private final String nodeId;
  private final EndFlusher ends;
  private final OutputFlusher outputs;
  private final ExecutorService afterEnd;
  private final ExecutorService artifacts;

  RunWork(String nodeId, RunLedger ledger) {
    this.nodeId = nodeId;
    this.ends = ledger.endFlusher(nodeId);
    this.outputs = ledger.outputFlusher(nodeId);
    this.afterEnd = pool("cronstone-after-end-" + nodeId, AFTER_END_THREADS);
    this.artifacts = pool("cronstone-artifacts-" + nodeId, ARTIFACT_THREADS);
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  RunDriver.Writes writes() {
    return new RunDriver.Writes(ends::end, ends::submit, afterEnd, artifacts, outputs);
  }

  @Override
  public void close() {
    drain(afterEnd, "ends being followed up");
    drain(artifacts, "artifacts being written");
    outputs.close();
    ends.close();
  }

  private void drain(ExecutorService pool, String what) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("[{}] {} still after 30 s; stopping without them", nodeId, what);
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
