package dev.cronstone.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges read from the store (cluster nodes, queue depth), from a snapshot refreshed by {@link
 * #refresh} (every few seconds, off the scrape path), and the store error counters. While the store
 * cannot be read the store gauges are NaN: unknown, not zero.
 */
final class StoreGauges {
  private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

  static final String NODES = "cronstone.cluster.nodes";
  static final String QUEUE_DEPTH = "cronstone.queue.depth";
  static final String STORE_ERRORS = "cronstone.store.errors";

  private final String nodeId;
  private volatile Optional<StoreSnapshot> snapshot = Optional.empty();
  private boolean failing;

  StoreGauges(MeterRegistry registry, String nodeId) {
    this.nodeId = nodeId;
    nodes(registry, "alive", StoreSnapshot::alive);
    nodes(registry, "dead", StoreSnapshot::dead);
    nodes(registry, "stopped", StoreSnapshot::stopped);
    Gauge.builder(QUEUE_DEPTH, this, g -> g.value(StoreSnapshot::waitingForSlot))
        .description("Runs waiting for a free slot of their job (overlap queue), cluster-wide")
        .register(registry);
    for (StoreErrors.Source source : StoreErrors.Source.values()) {
      FunctionCounter.builder(STORE_ERRORS, source, StoreErrors::count)
          .description("Failures talking to the store, by where they happened")
          .tags("source", source.code())
          .register(registry);
    }
  }

  /**
   * Reads the store once: the synchronous step of the refresh loop. Never throws; a failure is
   * logged once, not at every refresh, until a read succeeds again.
   */
  synchronized void refresh(Supplier<StoreSnapshot> probe) {
    try {
      snapshot = Optional.of(probe.get());
      if (failing) {
        failing = false;
        LOG.info("[{}] metrics: the cluster nodes and queue can be read again", nodeId);
      }
    } catch (RuntimeException e) {
      snapshot = Optional.empty();
      if (!failing) {
        failing = true;
        LOG.warn(
            "[{}] metrics: cannot read the cluster nodes and queue (NaN until they can): {}",
            nodeId,
            e.getMessage());
      }
    }
  }

  private void nodes(MeterRegistry registry, String state, ToDoubleFunction<StoreSnapshot> count) {
    Gauge.builder(NODES, this, g -> g.value(count))
        .description("Nodes in the registry by state (alive, dead, stopped)")
        .tags("state", state)
        .register(registry);
  }

  private double value(ToDoubleFunction<StoreSnapshot> field) {
    Optional<StoreSnapshot> now = snapshot;
    return now.isPresent() ? field.applyAsDouble(now.get()) : Double.NaN;
  }
}
