package dev.cronstone.testing;

import java.util.Properties;

/**
 * The properties of a plain Quartz client on a Cronstone store, exactly as docs/quartz-interop.md
 * gives them: Quartz's own job store and driver delegate, Cronstone's trigger persistence delegate,
 * clustered (row locks in {@code QRTZ_LOCKS}) and never started.
 */
public final class QuartzClientProperties {
  private QuartzClientProperties() {}

  /** The client properties for a store of {@code dialect} at {@code url}. */
  public static Properties of(String dialect, String url, String user, String password) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "cronstone");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.ZeroSizeThreadPool");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "postgresql".equals(dialect)
            ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
            : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateInitString",
        "triggerPersistenceDelegateClasses=dev.cronstone.store.CronstoneTriggerPersistenceDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.dataSource", "cronstone");
    p.setProperty("org.quartz.dataSource.cronstone.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.cronstone.driver", driver(dialect));
    p.setProperty("org.quartz.dataSource.cronstone.URL", url);
    p.setProperty("org.quartz.dataSource.cronstone.user", user == null ? "" : user);
    p.setProperty("org.quartz.dataSource.cronstone.password", password == null ? "" : password);
    p.setProperty("org.quartz.dataSource.cronstone.maxConnections", "2");
    return p;
  }

  private static String driver(String dialect) {
    return "postgresql".equals(dialect) ? "org.postgresql.Driver" : "org.h2.Driver";
  }
}
