package dev.cronstone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a node's Quartz scheduler thread when a run request another process stored is due: Quartz
 * sleeps up to its idle wait (at least 1 s) between looks at the store, and a trigger inserted by
 * another process ({@code jobs run}, a waiting run's slot, a retry stored by another node) does not
 * wake it. The watch looks for due {@code WAITING} triggers of the run-request groups every few
 * milliseconds (one indexed query) and signals a scheduling change, which makes the scheduler
 * thread acquire at once. Each due trigger is signalled once, and again each second while it waits.
 */
final class RunRequestWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RunRequestWatch.class);

  static final long RESIGNAL_MILLIS = 1000;

  /** A source of connections with auto-commit on (the node's pool). */
  interface Connections {
    Connection get() throws SQLException;
  }

  private final Connections connections;
  private final String sql;
  private final String schedulerName;
  private final long lookAheadMillis;
  private final LongConsumer signal;
  private final LongSupplier clock;
  private long lastSignalled = Long.MIN_VALUE;
  private long lastSignalAt = Long.MIN_VALUE;
  private ScheduledExecutorService loop;

  RunRequestWatch(
      Connections connections,
      String tablePrefix,
      String schedulerName,
      long lookAheadMillis,
      LongConsumer signal,
      LongSupplier clock) {
    this.connections = connections;
    this.sql =
        "SELECT MIN(NEXT_FIRE_TIME) FROM "
            + tablePrefix
            + "TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP IN (?, ?) AND TRIGGER_STATE = 'WAITING'";
    this.schedulerName = schedulerName;
    this.lookAheadMillis = lookAheadMillis;
    this.signal = signal;
    this.clock = clock;
  }

  /** One look at the store (the loop's synchronous step); true when it signalled. */
  synchronized boolean poll() throws SQLException {
    long now = clock.getAsLong();
    Long due = earliestWaiting();
    if (due == null || due > now + lookAheadMillis) {
      return false;
    }
    if (due == lastSignalled && now - lastSignalAt < RESIGNAL_MILLIS) {
      return false;
    }
    lastSignalled = due;
    lastSignalAt = now;
    signal.accept(0L);
    return true;
  }

  private Long earliestWaiting() throws SQLException {
    try (Connection c = connections.get();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, schedulerName);
      s.setString(2, QuartzNames.RUNS_GROUP);
      s.setString(3, QuartzNames.RETRIES_GROUP);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long due = rs.getLong(1);
        return rs.wasNull() ? null : due;
      }
    }
  }

  synchronized void start(long everyMillis, String nodeId) {
    loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-" + nodeId + "-run-requests");
              t.setDaemon(true);
              return t;
            });
    loop.scheduleWithFixedDelay(
        () -> {
          try {
            poll();
          } catch (SQLException | RuntimeException e) {
            LOG.debug("[{}] run request watch: {}", nodeId, e.toString());
          }
        },
        everyMillis,
        everyMillis,
        TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (loop != null) {
      loop.shutdownNow();
      loop = null;
    }
  }
}
