package dev.cronstone.node;

import dev.cronstone.cluster.NodeRecord;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.metrics.StoreSnapshot;
import java.time.Clock;
import java.time.Instant;

/** Reads what the cached store gauges show: two queries, every few seconds, never per scrape. */
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
}
