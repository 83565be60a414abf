package dev.cronstone.node;

import dev.cronstone.ledger.EndFlusher;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.runs.RunDriver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's writers behind its runs: the group commit of attempt ends ({@link EndFlusher}) and a
 * small pool that writes the artifacts from each end's result, off the attempt's path. Closed after
 * the last attempt ended: the artifacts queued are written, then the flusher stops.
 */
final class RunWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunWork.class);

  /** Threads writing artifacts. */
  static final int ARTIFACT_THREADS = 2;

  private final String nodeId;
  private final EndFlusher ends;
  private final ExecutorService artifacts;

  RunWork(String nodeId, RunLedger ledger) {
    this.nodeId = nodeId;
    this.ends = ledger.endFlusher(nodeId);
    AtomicInteger count = new AtomicInteger();
    this.artifacts =
        Executors.newFixedThreadPool(
            ARTIFACT_THREADS,
            r -> {
              Thread t =
                  new Thread(r, "cronstone-artifacts-" + nodeId + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  RunDriver.Writes writes() {
    return new RunDriver.Writes(ends::end, artifacts);
  }

  @Override
  public void close() {
    artifacts.shutdown();
    try {
      if (!artifacts.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("[{}] artifacts still being written after 30 s; stopping without them", nodeId);
        artifacts.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ends.close();
  }
}
