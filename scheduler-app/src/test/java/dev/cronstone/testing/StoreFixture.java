package dev.cronstone.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import dev.cronstone.store.CronstoneTriggers;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.store.StorePool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

/** Sets up store rows through Quartz (and a little SQL) for inspection and repair tests. */
public final class StoreFixture implements AutoCloseable {
  public static final String GROUP = "cronstone";

  private final TestDatabase database;
  private final List<Scheduler> schedulers = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();

  public StoreFixture(TestDatabase database) {
    this.database = database;
  }

  /** An unstarted Quartz scheduler of node {@code nodeId} on the test database. */
  public Scheduler scheduler(String nodeId, boolean clustered) throws SchedulerException {
    NodeConfig defaults = NodeConfig.defaults();
    NodeConfig config =
        new NodeConfig(
            database.storeConfig(),
            new ClusterConfig(clustered, nodeId, Duration.ofSeconds(1)),
            new SchedulerConfig(2, Duration.ofSeconds(60), 5, Duration.ofSeconds(1)),
            defaults.jobs(),
            defaults.artifacts(),
            defaults.api());
    HikariDataSource pool = StorePool.open(config.store(), nodeId);
    pools.add(pool);
    Scheduler scheduler = QuartzSchedulers.create(config, nodeId, pool);
    schedulers.add(scheduler);
    return scheduler;
  }

  /** Schedules {@code jobId} (a durable job of {@code jobClass}) with a Cronstone cron trigger. */
  public static Trigger schedule(
      Scheduler scheduler,
      String jobId,
      Class<? extends org.quartz.Job> jobClass,
      List<String> cron,
      ZoneId zone,
      MisfirePolicy misfire,
      Instant start)
      throws SchedulerException {
    JobDetail job = JobBuilder.newJob(jobClass).withIdentity(jobId, GROUP).storeDurably().build();
    Trigger trigger =
        CronstoneTriggers.forSchedule(job.getKey(), cron, zone, misfire)
            .startAt(Date.from(start))
            .build();
    scheduler.scheduleJob(job, trigger);
    return trigger;
  }

  public void execute(String sql, Object... args) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object arg =
            args[i] instanceof Instant instant
                ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                : args[i];
        statement.setObject(i + 1, arg);
      }
      statement.executeUpdate();
    }
  }

  public void setState(String triggerName, String state) throws SQLException {
    execute(
        "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = ? WHERE SCHED_NAME = 'cronstone' AND TRIGGER_NAME = ?",
        state,
        triggerName);
  }

  public String state(String triggerName) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS WHERE SCHED_NAME = 'cronstone' AND TRIGGER_NAME = ?")) {
      statement.setString(1, triggerName);
      try (var rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** A Quartz check-in row, as a clustered node writes it. */
  public void quartzCheckin(String instance, Instant at) throws SQLException {
    execute(
        "INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL)"
            + " VALUES ('cronstone', ?, ?, ?)",
        instance,
        at.toEpochMilli(),
        2000L);
  }

  /** A fired-trigger row of {@code triggerName} (job of the same name) on {@code instance}. */
  public void firedRow(
      String entryId, String triggerName, String instance, String state, Instant at)
      throws SQLException {
    execute(
        "INSERT INTO QRTZ_FIRED_TRIGGERS (SCHED_NAME, ENTRY_ID, TRIGGER_NAME, TRIGGER_GROUP, INSTANCE_NAME,"
            + " FIRED_TIME, SCHED_TIME, PRIORITY, STATE, JOB_NAME, JOB_GROUP, IS_NONCONCURRENT, REQUESTS_RECOVERY)"
            + " VALUES ('cronstone', ?, ?, ?, ?, ?, ?, 5, ?, ?, ?, FALSE, FALSE)",
        entryId,
        triggerName,
        GROUP,
        instance,
        at.toEpochMilli(),
        at.toEpochMilli(),
        state,
        triggerName,
        GROUP);
  }

  /** A cs_job row, optionally paused by {@code pausedBy} at {@code pausedAt}. */
  public void csJob(String jobId, boolean enabled, String pausedBy, Instant pausedAt)
      throws SQLException {
    execute(
        "INSERT INTO cs_job (job_id, spec_json, spec_hash, enabled, paused, paused_by, paused_at, created_at,"
            + " updated_at) VALUES (?, '{}', ?, ?, ?, ?, ?, ?, ?)",
        jobId,
        "0".repeat(64),
        enabled,
        pausedBy != null,
        pausedBy,
        pausedAt,
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public void close() throws SchedulerException {
    for (Scheduler scheduler : schedulers) {
      if (!scheduler.isShutdown()) {
        scheduler.shutdown(true);
      }
    }
    pools.forEach(HikariDataSource::close);
  }
}
