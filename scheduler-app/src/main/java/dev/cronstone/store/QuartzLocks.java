package dev.cronstone.store;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.quartz.impl.jdbcjobstore.LockException;
import org.quartz.impl.jdbcjobstore.Semaphore;

/**
 * How long a node's store held each of Quartz's lock rows ({@code TRIGGER_ACCESS}, {@code
 * STATE_ACCESS}): the time from the lock granted to its release, which Quartz makes after the
 * transaction's commit. Every fire of a cluster queues on {@code TRIGGER_ACCESS}, so its share of
 * wall time (summed over the nodes) is how close the cluster is to what one lock row allows
 * (docs/performance.md, "Lock time and the scale model"). Kept per Quartz instance id (the node
 * id), since the store is built by Quartz and cannot reach the node's objects.
 */
public final class QuartzLocks implements Semaphore {
  /**
   * The times, per instance id, shared by every store of that id in this JVM (a node's firing
   * scheduler and the admin scheduler its API writes through); they only grow, like the counter
   * they feed.
   */
  private static final Map<String, Times> BY_INSTANCE = new ConcurrentHashMap<>();

  private final Semaphore locks;
  private final Times times;
  private final ThreadLocal<Map<String, Long>> grantedAt = ThreadLocal.withInitial(HashMap::new);

  /** Lock hold times of one instance id, by lock name. */
  private static final class Times {
    final Map<String, LongAdder> heldNanos = new ConcurrentHashMap<>();
    final Map<String, LongAdder> holds = new ConcurrentHashMap<>();

    void add(String lock, long nanos) {
      heldNanos.computeIfAbsent(lock, k -> new LongAdder()).add(nanos);
      holds.computeIfAbsent(lock, k -> new LongAdder()).increment();
    }
  }

  private QuartzLocks(Semaphore locks, Times times) {
    this.locks = Objects.requireNonNull(locks, "locks");
    this.times = times;
  }

  /** Wraps the store's lock handler, adding its hold times to those of {@code instanceId}. */
  static Semaphore timed(String instanceId, Semaphore locks) {
    return new QuartzLocks(locks, BY_INSTANCE.computeIfAbsent(instanceId, k -> new Times()));
  }

  /** Seconds the stores of {@code instanceId} have held {@code lock} so far; 0 if unknown. */
  public static double heldSeconds(String instanceId, String lock) {
    Times times = BY_INSTANCE.get(instanceId);
    LongAdder nanos = times == null ? null : times.heldNanos.get(lock);
    return nanos == null ? 0 : nanos.sum() / 1e9;
  }

  /** How many times the stores of {@code instanceId} have taken {@code lock}; 0 if unknown. */
  public static long holds(String instanceId, String lock) {
    Times times = BY_INSTANCE.get(instanceId);
    LongAdder count = times == null ? null : times.holds.get(lock);
    return count == null ? 0 : count.sum();
  }

  @Override
  public boolean obtainLock(Connection conn, String lockName) throws LockException {
    boolean obtained = locks.obtainLock(conn, lockName);
    grantedAt.get().putIfAbsent(lockName, System.nanoTime());
    return obtained;
  }

  @Override
  public void releaseLock(String lockName) throws LockException {
    Long since = grantedAt.get().remove(lockName);
    try {
      locks.releaseLock(lockName);
    } finally {
      if (since != null) {
        times.add(lockName, System.nanoTime() - since);
      }
    }
  }

  @Override
  public boolean requiresConnection() {
    return locks.requiresConnection();
  }
}
