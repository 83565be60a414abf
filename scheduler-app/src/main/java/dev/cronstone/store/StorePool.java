package dev.cronstone.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.StoreConfig;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's one JDBC connection pool (HikariCP), shared by Quartz, sync and the ledger. */
public final class StorePool {
  private static final Logger LOG = LoggerFactory.getLogger(StorePool.class);

  /** Below typical firewall and PostgreSQL idle cut-offs, so no pooled connection goes stale. */
  static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  static final int MIN_IDLE = 2;

  private StorePool() {}

  /**
   * Connections a node's Quartz scheduler has to itself: its firing thread, the completion flusher,
   * the misfire handler and cluster check-in, the run-request watch, and the trigger writes of API
   * calls, retries and sync.
   */
  public static final int QUARTZ_CONNECTIONS = 5;

  /**
   * Opens the pool of a node's Quartz scheduler ({@link #QUARTZ_CONNECTIONS}, apart from the
   * ledger's {@code store.maxPoolSize}). Sharing one pool, the firing thread and the completion
   * flusher queued for connections behind the workers' ledger writes, and every worker then waited
   * for fires (docs/performance.md, tuning 8).
   */
  public static HikariDataSource openQuartz(
      StoreConfig store, String nodeId, ClusterConfig cluster) {
    Objects.requireNonNull(store, "store");
    return open(
        new StoreConfig(store.url(), store.user(), store.password(), QUARTZ_CONNECTIONS),
        nodeId + "-quartz",
        cluster);
  }

  /** Opens the pool; the caller owns it and closes it after the scheduler has shut down. */
  public static HikariDataSource open(StoreConfig store, String nodeId) {
    return open(store, nodeId, null);
  }

  /**
   * Opens the pool of a node of {@code cluster}. On PostgreSQL, a session of a clustered node that
   * stays idle inside a transaction for longer than the failure threshold ({@code checkinInterval +
   * failureGrace}) is ended by the server: a node paused (SIGSTOP, a VM or GC pause) while it holds
   * a row lock of the store, such as Quartz's {@code TRIGGER_ACCESS}, would otherwise block every
   * other node, and their recovery of it, until it resumes. The paused node is declared dead by
   * then anyway; its transaction rolls back. Long-held locks of our own (the sync lock) turn the
   * limit off for their transaction.
   */
  public static HikariDataSource open(StoreConfig store, String nodeId, ClusterConfig cluster) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(nodeId, "nodeId");
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("cronstone-" + nodeId);
    hikari.setJdbcUrl(store.url());
    hikari.setUsername(store.user());
    hikari.setPassword(store.password());
    hikari.setMaximumPoolSize(Math.max(1, store.maxPoolSize()));
    hikari.setMinimumIdle(Math.min(MIN_IDLE, Math.max(1, store.maxPoolSize())));
    hikari.setMaxLifetime(MAX_LIFETIME.toMillis());
    hikari.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    if (store.url().startsWith("jdbc:postgresql:")) {
      // Names the node's sessions in pg_stat_activity (and in 'jobs store locks').
      hikari.addDataSourceProperty("ApplicationName", "cronstone-" + nodeId);
      if (cluster != null && cluster.enabled()) {
        hikari.addDataSourceProperty(
            "options",
            "-c idle_in_transaction_session_timeout="
                + cluster.checkinInterval().plus(cluster.failureGrace()).toMillis());
      }
    }
    LOG.info(
        "[{}] opening store pool on {} (max {} connections)",
        nodeId,
        store.maskedUrl(),
        hikari.getMaximumPoolSize());
    return new HikariDataSource(hikari);
  }
}
