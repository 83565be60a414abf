package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Raw Quartz 2.5.2 on its JDBC store ({@code JobStoreTX}), in its own schema: either with Quartz's
 * default settings, or tuned as Cronstone tunes its own scheduler (acquisition within the lock,
 * batch acquisition, 1 s idle wait, string job data, database row locks).
 */
final class QuartzContender implements Contender {
  static final int THREADS = 25;
  static final int POOL = 10;

  private final boolean tuned;
  private final String url;
  private final CpuMeter meter;
  private final String name;
  private HikariDataSource pool;

  QuartzContender(boolean tuned, String url) {
    this.tuned = tuned;
    this.url = url;
    this.meter = new CpuMeter(url);
    this.name = tuned ? "quartz-tuned" : "quartz-default";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void setUp(int jobs) throws Exception {
    pool = Stores.pool("bench-" + name, url, POOL);
    try (Connection c = pool.getConnection()) {
      Stores.runScript(c, "db/migration/" + Stores.dialect(url) + "/V1__quartz.sql");
    }
  }

  @Override
  public Round round(int jobs) throws Exception {
    String schedulerName = "bench-" + name;
    Tracker tracker = Tracker.fresh(schedulerName);
    DBConnectionManager.getInstance().addConnectionProvider(schedulerName, provider());
    Scheduler scheduler = new StdSchedulerFactory(properties(schedulerName)).getScheduler();
    try {
      long due = System.currentTimeMillis() + 2000;
      Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
      for (int i = 0; i < jobs; i++) {
        JobDetail job =
            JobBuilder.newJob(NoopJob.class)
                .withIdentity("noop-" + i, "bench")
                .usingJobData(NoopJob.TRACKER, schedulerName)
                .build();
        Trigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity("noop-" + i, "bench")
                .startAt(new java.util.Date(due))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule())
                .build();
        Set<Trigger> triggers = new HashSet<>();
        triggers.add(trigger);
        batch.put(job, triggers);
        if (batch.size() == 500 || i == jobs - 1) {
          scheduler.scheduleJobs(batch, false);
          batch.clear();
        }
      }
      scheduler.start();
      CpuMeter.Reading before = meter.read();
      Duration within = Duration.ofSeconds(120 + jobs / 10);
      Waits.until(
          name + " executions", within, Duration.ofMillis(20), () -> tracker.count() >= jobs);
      long end =
          Waits.until(
              name + " completions recorded",
              within,
              Duration.ofMillis(20),
              () -> {
                try (Connection c = pool.getConnection()) {
                  return Stores.count(c, "SELECT COUNT(*) FROM QRTZ_TRIGGERS") == 0
                      && Stores.count(c, "SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS") == 0;
                }
              });
      return new Round(jobs, due, tracker.firstStart(), end, 0, meter.read().since(before));
    } finally {
      scheduler.shutdown(true);
    }
  }

  private ConnectionProvider provider() {
    return new ConnectionProvider() {
      @Override
      public Connection getConnection() throws java.sql.SQLException {
        return pool.getConnection();
      }

      @Override
      public void shutdown() {}

      @Override
      public void initialize() {}
    };
  }

  Properties properties(String schedulerName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
    p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
    p.setProperty("org.quartz.jobStore.dataSource", schedulerName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        Stores.dialect(url).equals("postgresql")
            ? PostgreSQLDelegate.class.getName()
            : StdJDBCDelegate.class.getName());
    if (tuned) {
      // What dev.cronstone.store.QuartzProperties sets for a node with the default config.
      p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
      p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "20");
      p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
      p.setProperty("org.quartz.jobStore.useProperties", "true");
      p.setProperty("org.quartz.jobStore.useDBLocks", "true");
    }
    return p;
  }

  @Override
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }

  /** The noop job: counts itself. */
  public static final class NoopJob implements Job {
    static final String TRACKER = "tracker";

    @Override
    public void execute(JobExecutionContext context) {
      Tracker.named(context.getMergedJobDataMap().getString(TRACKER)).executed();
    }
  }
}
