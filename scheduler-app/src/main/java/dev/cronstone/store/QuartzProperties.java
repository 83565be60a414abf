package dev.cronstone.store;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import java.util.Properties;
import org.quartz.simpl.InitThreadContextClassLoadHelper;
import org.quartz.simpl.SimpleThreadPool;

/**
 * Quartz's configuration for one node, from its {@link NodeConfig} (docs/configuration.md,
 * docs/operations.md).
 */
final class QuartzProperties {
  /** Quartz's SCHED_NAME: the one logical scheduler all nodes of a store share. */
  static final String SCHEDULER_NAME = QuartzNames.SCHEDULER_NAME;

  /** Quartz rejects an idle wait below one second. */
  static final long MIN_IDLE_WAIT_MILLIS = 1000;

  /**
   * How often a node looks for run requests stored by other processes, so that {@code jobs run}
   * does not wait for the idle wait ({@link RunRequestWatch}).
   */
  static final long WAKEUP_POLL_MILLIS = 100;

  static final String DELEGATE_INIT =
      "triggerPersistenceDelegateClasses=" + CronstoneTriggerPersistenceDelegate.class.getName();

  private QuartzProperties() {}

  static Properties of(NodeConfig config, String nodeId, String dataSourceName) {
    return of(config, nodeId, dataSourceName, config.scheduler().threads());
  }

  /** The same with {@code threads} worker threads (an admin scheduler that never runs jobs: 1). */
  static Properties of(NodeConfig config, String nodeId, String dataSourceName, int threads) {
    SchedulerConfig scheduler = config.scheduler();
    long idleWait = scheduler.idleWait().toMillis();
    if (idleWait < MIN_IDLE_WAIT_MILLIS) {
      throw new IllegalArgumentException(
          "scheduler.idleWait must be at least PT1S (Quartz refuses less), got "
              + scheduler.idleWait());
    }
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.classLoadHelper.class",
        InitThreadContextClassLoadHelper.class.getName());
    p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(idleWait));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        Integer.toString(Math.max(1, scheduler.batchAcquire())));
    p.setProperty("org.quartz.scheduler.threadName", "cronstone-" + nodeId + "-scheduler");

    p.setProperty("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "cronstone-" + nodeId + "-worker");

    p.setProperty("org.quartz.jobStore.class", CronstoneJobStore.class.getName());
    p.setProperty(
        "org.quartz.jobStore.failureGraceMillis",
        Long.toString(config.cluster().failureGrace().toMillis()));
    p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", delegateFor(config.store().dialect()));
    p.setProperty("org.quartz.jobStore.driverDelegateInitString", DELEGATE_INIT);
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(config.cluster().enabled()));
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(config.cluster().checkinInterval().toMillis()));
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.wakeupPollMillis", Long.toString(WAKEUP_POLL_MILLIS));
    p.setProperty("org.quartz.jobStore.wakeupLookAheadMillis", Long.toString(idleWait));
    // Row locks in QRTZ_LOCKS even on a single node: the CLI changes the same store from other
    // processes.
    p.setProperty("org.quartz.jobStore.useDBLocks", "true");
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(scheduler.misfireThreshold().toMillis()));
    return p;
  }

  static String delegateFor(String dialect) {
    return switch (dialect) {
      case "postgresql" -> CronstonePostgresDelegate.class.getName();
      case "h2" -> CronstoneH2Delegate.class.getName();
      default ->
          throw new IllegalArgumentException("no Quartz delegate for store dialect " + dialect);
    };
  }
}
