package dev.cronstone.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a fire's Quartz completion back until Cronstone has recorded the fire's end. A Quartz
 * worker that ran a task hands its end to the ledger's group commit and goes back to the pool at
 * once; the completion Quartz then reports for that fire (which deletes its {@code EXECUTING} row
 * from {@code QRTZ_FIRED_TRIGGERS}) waits here until the end is committed. So the order of the
 * writes, and what a node's death between them leaves, stay as when the worker waited: a fired row
 * outlives the run's end, never the other way round (docs/architecture.md, "The firing path").
 *
 * <p>Keyed by the fire instance id, which Quartz makes unique per node (its instance id and a
 * counter), so the nodes of one JVM (tests, benchmarks) share it safely.
 */
public final class EndGate {
  private static final Map<String, CompletableFuture<?>> PENDING = new ConcurrentHashMap<>();

  private EndGate() {}

  /**
   * Holds the completion of fire {@code fireInstanceId} until {@code recorded} completes (either
   * way). Called by the job on its worker thread before it returns to Quartz.
   */
  public static void hold(String fireInstanceId, CompletionStage<?> recorded) {
    Objects.requireNonNull(fireInstanceId, "fireInstanceId");
    CompletableFuture<?> future = recorded.toCompletableFuture();
    if (!future.isDone()) {
      PENDING.put(fireInstanceId, future);
    }
  }

  /** What the completion of the fire waits for; empty when nothing (or nothing left). */
  static Optional<CompletableFuture<?>> take(String fireInstanceId) {
    if (fireInstanceId == null) {
      return Optional.empty();
    }
    CompletableFuture<?> pending = PENDING.remove(fireInstanceId);
    return pending == null || pending.isDone() ? Optional.empty() : Optional.of(pending);
  }
}
