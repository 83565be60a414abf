package dev.cronstone.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.NodeConfig;
import java.util.Objects;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a node's Quartz {@link Scheduler} on the JDBC store, in standby until started. */
public final class QuartzSchedulers {
  private static final Logger LOG = LoggerFactory.getLogger(QuartzSchedulers.class);

  private QuartzSchedulers() {}

  /**
   * Creates the scheduler of this node. The pool stays the caller's: shut the scheduler down first,
   * then close the pool.
   *
   * @throws IllegalStateException when a scheduler of this JVM is already running
   */
  public static Scheduler create(NodeConfig config, String nodeId, DataSource dataSource)
      throws SchedulerException {
    return create(
        config, nodeId, new PoolConnectionProvider(dataSource), config.scheduler().threads());
  }

  /**
   * Creates a scheduler that is never started, for one-shot admin work from the CLI (read triggers,
   * pause, queue a run): the same store and delegate, but one worker thread instead of the node's
   * pool, since it never runs a job.
   *
   * @throws IllegalStateException when a scheduler of this JVM is already running
   */
  public static Scheduler createAdmin(NodeConfig config, String nodeId, DataSource dataSource)
      throws SchedulerException {
    return create(config, nodeId, new PoolConnectionProvider(dataSource), 1);
  }

  /**
   * Creates the scheduler of a node that fires, on a pool of its own ({@link StorePool#openQuartz})
   * that the scheduler closes when it shuts down: its firing path never waits for a connection
   * behind the ledger's writes.
   *
   * @throws IllegalStateException when a scheduler of this JVM is already running
   */
  public static Scheduler createFiring(NodeConfig config, String nodeId) throws SchedulerException {
    HikariDataSource own = StorePool.openQuartz(config.store(), nodeId, config.cluster());
    try {
      return create(config, nodeId, new PoolConnectionProvider(own), config.scheduler().threads());
    } catch (SchedulerException | RuntimeException e) {
      own.close();
      throw e;
    }
  }

  private static Scheduler create(
      NodeConfig config, String nodeId, PoolConnectionProvider provider, int threads)
      throws SchedulerException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nodeId, "nodeId");
    Scheduler running = SchedulerRepository.getInstance().lookup(QuartzNames.SCHEDULER_NAME);
    if (running != null && !running.isShutdown()) {
      throw new IllegalStateException(
          "a Cronstone scheduler is already running in this JVM (node "
              + running.getSchedulerInstanceId()
              + "); shut it down first");
    }
    String dataSourceName = "cronstone-" + nodeId;
    DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, provider);
    StdSchedulerFactory factory =
        new StdSchedulerFactory(QuartzProperties.of(config, nodeId, dataSourceName, threads));
    Scheduler scheduler = factory.getScheduler();
    LOG.info(
        "[{}] Quartz scheduler ready in standby ({}, clustered={})",
        nodeId,
        config.store().dialect(),
        config.cluster().enabled());
    return scheduler;
  }
}
