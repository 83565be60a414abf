package dev.cronstone.node;

import dev.cronstone.cluster.NodeRecord;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.StoreSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what the store-backed metrics show: the cached gauges (two queries, every few seconds,
 * never per scrape) and the last successes seeded at start.
 */
final class MetricsProbe {
  private MetricsProbe() {}

  static StoreSnapshot read(NodeRegistry registry, RunLedger ledger, Clock clock) {
    int alive = 0;
    int dead = 0;
    int stopped = 0;
    Instant now = clock.instant();
    for (NodeRecord node : registry.nodes()) {
      if (node.stopped().isPresent()) {
        stopped++;
      } else if (node.aliveAt(now)) {
        alive++;
      } else {
        dead++;
      }
    }
    return new StoreSnapshot(alive, dead, stopped, ledger.waitingForSlot());
  }

  /** When the job's newest succeeded run ended, if it has one. */
  static Optional<Instant> lastSuccess(RunLedger ledger, String jobId) {
    return ledger.history(jobId, 1, Optional.empty(), RunStatus.SUCCEEDED).stream()
        .findFirst()
        .flatMap(Run::endedAt);
  }
}
