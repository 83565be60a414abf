package dev.cronstone.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * db-scheduler (com.github.kagkarlsson) with lock-and-fetch polling ({@code SELECT ... FOR UPDATE
 * SKIP LOCKED}; on H2, which it does not support there, its default fetch-and-lock-on-execute), 25
 * threads and a 1 s polling interval, on its {@code scheduled_tasks} table in its own schema.
 */
final class DbSchedulerContender implements Contender {
  static final String NAME = "db-scheduler";

  private final String url;
  private final CpuMeter meter;
  private HikariDataSource pool;

  DbSchedulerContender(String url) {
    this.url = url;
    this.meter = new CpuMeter(url);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void setUp(int jobs) throws Exception {
    pool = Stores.pool("bench-" + NAME, url, QuartzContender.POOL);
    boolean pg = Stores.dialect(url).equals("postgresql");
    String text = pg ? "TEXT" : "VARCHAR(255)";
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE scheduled_tasks (task_name "
              + text
              + " NOT NULL, task_instance "
              + text
              + " NOT NULL, task_data "
              + (pg ? "BYTEA" : "BLOB")
              + ", execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,"
              + " picked_by "
              + text
              + ", last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
              + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE,"
              + " version BIGINT NOT NULL, priority SMALLINT,"
              + " PRIMARY KEY (task_name, task_instance))");
      s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
      s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
      s.execute(
          "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
    }
  }

  @Override
  public Round round(int jobs) throws Exception {
    Tracker tracker = Tracker.fresh(NAME);
    OneTimeTask<Void> task =
        Tasks.oneTime("bench-noop").execute((instance, context) -> tracker.executed());
    SchedulerBuilder builder =
        Scheduler.create(pool, task)
            .threads(QuartzContender.THREADS)
            .pollingInterval(Duration.ofSeconds(1));
    if (Stores.dialect(url).equals("postgresql")) {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    } // db-scheduler has no lock-and-fetch on H2: its default fetch-and-lock-on-execute there
    Scheduler scheduler = builder.build();
    try {
      long due = System.currentTimeMillis() + 2000;
      List<TaskInstance<?>> instances = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        instances.add(task.instance("noop-" + i));
        if (instances.size() == 500 || i == jobs - 1) {
          scheduler.scheduleBatch(instances, Instant.ofEpochMilli(due));
          instances.clear();
        }
      }
      scheduler.start();
      CpuMeter.Reading before = meter.read();
      Duration within = Duration.ofSeconds(120 + jobs / 10);
      Waits.until(
          NAME + " executions", within, Duration.ofMillis(20), () -> tracker.count() >= jobs);
      long end =
          Waits.until(
              NAME + " completions recorded",
              within,
              Duration.ofMillis(20),
              () -> {
                try (Connection c = pool.getConnection()) {
                  return Stores.count(c, "SELECT COUNT(*) FROM scheduled_tasks") == 0;
                }
              });
      return new Round(jobs, due, tracker.firstStart(), end, 0, meter.read().since(before));
    } finally {
      scheduler.stop();
    }
  }

  @Override
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }
}
