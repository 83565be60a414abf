package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.OperableTrigger;

/** What every store (H2, PostgreSQL) must do; run through one small subclass per database. */
abstract class StoreContractTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final List<Scheduler> schedulers = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private int nodes;

  /** The subclass's {@code @RegisterExtension} database. */
  protected abstract DatabaseExtension db();

  @AfterEach
  void stopNodes() throws SchedulerException {
    for (Scheduler scheduler : schedulers) {
      if (!scheduler.isShutdown()) {
        scheduler.shutdown(true);
      }
    }
    pools.forEach(HikariDataSource::close);
    schedulers.clear();
    pools.clear();
  }

  @Test
  void migrations_apply_to_an_empty_database_and_a_second_run_is_a_no_op() throws SQLException {
    TestDatabase empty = db().emptyDatabase();

    assertThat(Migrations.migrate(empty.dataSource(), empty.dialect()))
        .isEqualTo(migrationFiles(empty.dialect()));
    assertThat(Migrations.migrate(empty.dataSource(), empty.dialect())).isZero();

    assertThat(
            strings(
                empty,
                "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = 'cronstone' ORDER BY LOCK_NAME"))
        .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
    assertThat(strings(empty, "SELECT job_id FROM cs_job")).isEmpty();
  }

  /**
   * Every fire writes its trigger row and a fired-trigger row, and each index of those tables takes
   * an entry per write; only the indexes some statement of Quartz or Cronstone uses are kept (V16).
   */
  @Test
  void quartzs_two_hottest_tables_keep_only_the_indexes_their_statements_use() throws SQLException {
    TestDatabase empty = db().emptyDatabase();
    Migrations.migrate(empty.dataSource(), empty.dialect());

    assertThat(indexes(empty, "QRTZ_TRIGGERS"))
        .containsExactlyInAnyOrder("IDX_QRTZ_T_J", "IDX_QRTZ_T_N_G_STATE", "IDX_QRTZ_T_NFT_ST");
    assertThat(indexes(empty, "QRTZ_FIRED_TRIGGERS"))
        .containsExactlyInAnyOrder(
            "IDX_QRTZ_FT_TRIG_INST_NAME", "IDX_QRTZ_FT_J_G", "IDX_QRTZ_FT_T_G");
  }

  /** The table's own indexes (named {@code IDX_*}; primary keys and constraints left out). */
  private static List<String> indexes(TestDatabase database, String table) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection connection = database.dataSource().getConnection()) {
      var meta = connection.getMetaData();
      String stored = meta.storesLowerCaseIdentifiers() ? table.toLowerCase() : table;
      try (ResultSet rows =
          meta.getIndexInfo(
              connection.getCatalog(), connection.getSchema(), stored, false, false)) {
        while (rows.next()) {
          String name = rows.getString("INDEX_NAME");
          if (name != null && name.toUpperCase().startsWith("IDX_")) {
            names.add(name.toUpperCase());
          }
        }
      }
    }
    return List.copyOf(names);
  }

  @Test
  void the_schema_is_current_only_when_every_packaged_migration_was_applied_successfully()
      throws SQLException {
    TestDatabase empty = db().emptyDatabase();
    assertThat(Migrations.packagedVersions(empty.dialect()))
        .hasSize(migrationFiles(empty.dialect()));
    assertThat(Migrations.current(empty.dataSource(), empty.dialect())).isFalse();

    Migrations.migrate(empty.dataSource(), empty.dialect());
    assertThat(Migrations.current(empty.dataSource(), empty.dialect())).isTrue();

    try (var c = empty.dataSource().getConnection();
        var s = c.createStatement()) {
      s.executeUpdate(
          "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '"
              + lastMigration(empty.dialect())
              + "'");
    }
    assertThat(Migrations.current(empty.dataSource(), empty.dialect())).isFalse();
  }

  @Test
  void a_durable_job_and_its_trigger_read_back_after_a_restart_with_the_calculators_next_fire_time()
      throws Exception {
    JobDetail job =
        JobBuilder.newJob(RecordingJob.class)
            .withIdentity("nightly-report", "cronstone")
            .withDescription("Build the nightly report")
            .storeDurably()
            .usingJobData("jobId", "nightly-report")
            .usingJobData(
                "specHash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            .build();
    List<String> expressions = List.of("0 0 1,15 * 1", "30 2 * * *");
    Instant start = Instant.now();
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(job.getKey(), expressions, NEW_YORK, MisfirePolicy.SKIP)
            .startAt(Date.from(start))
            .build();

    Scheduler first = node(false);
    first.addJob(job, false);
    first.scheduleJob(trigger);
    Instant expected = trigger.schedule().next(start.minusMillis(1)).orElseThrow().instant();
    assertThat(nextFireTimeRow(trigger.getKey())).isEqualTo(expected.toEpochMilli());
    first.shutdown(true);

    Scheduler second = node(false);
    Trigger back = second.getTrigger(trigger.getKey());
    assertThat(back).isInstanceOf(CronstoneTrigger.class);
    CronstoneTrigger cronstone = (CronstoneTrigger) back;
    assertThat(cronstone.getExpressions()).isEqualTo(expressions);
    assertThat(cronstone.getZone()).isEqualTo(NEW_YORK);
    assertThat(cronstone.getMisfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
    assertThat(cronstone.getJobKey()).isEqualTo(job.getKey());
    assertThat(cronstone.getNextFireTime()).isEqualTo(Date.from(expected));
    JobDetail jobBack = second.getJobDetail(job.getKey());
    assertThat(jobBack.isDurable()).isTrue();
    assertThat(jobBack.getJobClass()).isEqualTo(RecordingJob.class);
    assertThat(Map.copyOf(jobBack.getJobDataMap().getWrappedMap()))
        .isEqualTo(Map.copyOf(job.getJobDataMap().getWrappedMap()));
  }

  record Walk(
      String name, ZoneId zone, List<String> expressions, Instant start, List<String> expectedUtc) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Walk> walks() {
    List<String> orRule =
        List.of(
            "2026-06-01T04:00:00Z",
            "2026-06-08T04:00:00Z",
            "2026-06-15T04:00:00Z",
            "2026-06-22T04:00:00Z",
            "2026-06-29T04:00:00Z",
            "2026-07-01T04:00:00Z",
            "2026-07-06T04:00:00Z");
    return Stream.of(
        new Walk(
            "spring-forward 02:30 fires once at 03:30",
            NEW_YORK,
            List.of("30 2 * * *"),
            local("2026-03-07T00:00"),
            List.of("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z")),
        new Walk(
            "fall-back every 30 minutes fires in both repeated hours",
            NEW_YORK,
            List.of("*/30 * * * *"),
            local("2026-11-01T00:45"),
            List.of(
                "2026-11-01T05:00:00Z",
                "2026-11-01T05:30:00Z",
                "2026-11-01T06:00:00Z",
                "2026-11-01T06:30:00Z",
                "2026-11-01T07:00:00Z")),
        new Walk(
            "fall-back 01:30 fires once, at its first occurrence",
            NEW_YORK,
            List.of("30 1 * * *"),
            local("2026-10-31T00:00"),
            List.of("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")),
        new Walk(
            "a start inside the repeated hour never adds the second 01:30",
            NEW_YORK,
            List.of("30 1 * * *"),
            Instant.parse("2026-11-01T05:45:00Z"),
            List.of("2026-11-02T06:30:00Z", "2026-11-03T06:30:00Z")),
        new Walk(
            "5-field day-of-month OR day-of-week",
            NEW_YORK,
            List.of("0 0 1,15 * 1"),
            local("2026-06-01T00:00"),
            orRule),
        new Walk(
            "coinciding fires of two expressions fire once",
            NEW_YORK,
            List.of("0 0 1,15 * 1", "0 0 * * MON"),
            local("2026-06-01T00:00"),
            orRule));
  }

  private static Instant local(String wallTime) {
    return LocalDateTime.parse(wallTime).atZone(NEW_YORK).toInstant();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("walks")
  void walking_the_stored_trigger_yields_exactly_the_calculators_instants(Walk walk)
      throws Exception {
    JobDetail job =
        JobBuilder.newJob(RecordingJob.class).withIdentity("walk").storeDurably().build();
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                job.getKey(), walk.expressions(), walk.zone(), MisfirePolicy.FIRE_ONCE_NOW)
            .startAt(Date.from(walk.start()))
            .build();
    Scheduler scheduler = node(false);
    scheduler.scheduleJob(job, trigger);

    OperableTrigger stored = (OperableTrigger) scheduler.getTrigger(trigger.getKey());
    List<Instant> walked = new ArrayList<>();
    for (int i = 0; i < walk.expectedUtc().size(); i++) {
      walked.add(stored.getNextFireTime().toInstant());
      stored.triggered(null);
    }

    Schedule schedule = trigger.schedule();
    List<Instant> calculated =
        schedule.upcoming(walk.start().minusMillis(1), walk.expectedUtc().size()).stream()
            .map(FireTime::instant)
            .toList();
    assertThat(walked).isEqualTo(calculated);
    assertThat(walked).isEqualTo(walk.expectedUtc().stream().map(Instant::parse).toList());
    assertThat(nextFireTimeRow(trigger.getKey())).isEqualTo(calculated.get(0).toEpochMilli());
  }

  @Test
  void a_started_clustered_scheduler_fires_at_the_calculators_instants() throws Exception {
    RecordingJob.reset();
    JobDetail job =
        JobBuilder.newJob(RecordingJob.class).withIdentity("every-second").storeDurably().build();
    Instant start = Instant.now();
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                job.getKey(),
                List.of("* * * * * ?"),
                ZoneId.of("Europe/Berlin"),
                MisfirePolicy.FIRE_ONCE_NOW)
            .startAt(Date.from(start))
            .build();
    Scheduler scheduler = node(true);
    scheduler.scheduleJob(job, trigger);

    scheduler.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> RecordingJob.fires().size() >= 3);
    scheduler.shutdown(true);

    List<Instant> fires = RecordingJob.fires();
    Schedule schedule = trigger.schedule();
    assertThat(fires).doesNotHaveDuplicates();
    assertThat(fires.get(0)).isEqualTo(schedule.next(start.minusMillis(1)).orElseThrow().instant());
    for (int i = 1; i < fires.size(); i++) {
      assertThat(fires.get(i)).isEqualTo(schedule.next(fires.get(i - 1)).orElseThrow().instant());
    }
  }

  @ParameterizedTest
  @EnumSource(MisfirePolicy.class)
  void
      a_missed_trigger_fires_once_now_carrying_its_missed_instants_from_the_store_then_follows_the_schedule(
          MisfirePolicy policy) throws Exception {
    RecordingJob.reset();
    Instant testStart = Instant.now();
    CronstoneTrigger trigger = missedHourly(policy, testStart);
    Scheduler scheduler = node(false);
    scheduler.scheduleJob(
        JobBuilder.newJob(RecordingJob.class).withIdentity("hourly").storeDurably().build(),
        trigger);

    scheduler.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                RecordingJob.fires().size() == 1
                    && nextFireTimeRow(trigger.getKey()) > testStart.toEpochMilli());

    Instant firedAt = RecordingJob.fires().get(0);
    assertThat(firedAt).isAfterOrEqualTo(testStart.truncatedTo(ChronoUnit.MILLIS));
    MissedFires missed = RecordingJob.missed().get(0);
    assertThat(missed.firedAt()).isEqualTo(firedAt);
    assertThat(missed.listed())
        .isEqualTo(hourlyInstants(trigger, testStart.minus(3, ChronoUnit.HOURS), firedAt));
    assertThat(missed.listed()).hasSizeBetween(2, 3);
    Instant next = Instant.ofEpochMilli(nextFireTimeRow(trigger.getKey()));
    assertThat(next).isEqualTo(trigger.schedule().next(firedAt).orElseThrow().instant());
  }

  @Test
  void the_missed_instants_of_a_fall_back_night_are_stored_with_the_trigger_and_read_back()
      throws Exception {
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                JobKey.jobKey("hourly"),
                List.of("0 * * * *"),
                ZoneId.of("Europe/Berlin"),
                MisfirePolicy.CATCH_UP)
            .startAt(Date.from(Instant.parse("2026-10-24T23:00:00Z")))
            .build();
    trigger.computeFirstFireTime(null);
    trigger.setClock(
        java.time.Clock.fixed(Instant.parse("2026-10-25T03:30:00Z"), java.time.ZoneOffset.UTC));
    trigger.updateAfterMisfire(null);
    MissedFires missed = trigger.pendingMissedFires().orElseThrow();
    Scheduler scheduler = node(true);
    scheduler.scheduleJob(
        JobBuilder.newJob(RecordingJob.class).withIdentity("hourly").storeDurably().build(),
        trigger);
    scheduler.shutdown(true);

    CronstoneTrigger back = (CronstoneTrigger) node(true).getTrigger(trigger.getKey());

    assertThat(back.pendingMissedFires()).contains(missed);
    assertThat(missed.listed()).hasSize(5);
    assertThat(
            missed.listed().stream()
                .filter(at -> at.atZone(ZoneId.of("Europe/Berlin")).getHour() == 2))
        .hasSize(2);
  }

  private static List<Instant> hourlyInstants(CronstoneTrigger trigger, Instant from, Instant to) {
    List<Instant> instants = new ArrayList<>();
    Instant at = from.minusMillis(1);
    while (true) {
      at = trigger.schedule().next(at).orElseThrow().instant();
      if (at.isAfter(to)) {
        return instants;
      }
      instants.add(at);
    }
  }

  private static CronstoneTrigger missedHourly(MisfirePolicy policy, Instant now) {
    return CronstoneTriggers.forSchedule(
            JobKey.jobKey("hourly"), List.of("0 0 * * * ?"), NEW_YORK, policy)
        .startAt(Date.from(now.minus(3, ChronoUnit.HOURS)))
        .build();
  }

  @Test
  void a_custom_trigger_row_survives_a_restart_and_only_a_scheduler_with_the_delegate_reads_it()
      throws Exception {
    JobDetail job =
        JobBuilder.newJob(RecordingJob.class).withIdentity("lord-howe").storeDurably().build();
    ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                job.getKey(),
                List.of("0 0 1,15 * 1", "15 2 * * *"),
                lordHowe,
                MisfirePolicy.CATCH_UP)
            .build();
    Scheduler first = node(true);
    first.scheduleJob(job, trigger);
    long nextFireTime = nextFireTimeRow(trigger.getKey());
    first.shutdown(true);

    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT t.TRIGGER_TYPE, t.MISFIRE_INSTR, s.STR_PROP_1, s.STR_PROP_2, s.INT_PROP_1 FROM QRTZ_TRIGGERS t "
                    + "JOIN QRTZ_SIMPROP_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME AND s.TRIGGER_NAME = t.TRIGGER_NAME "
                    + "AND s.TRIGGER_GROUP = t.TRIGGER_GROUP WHERE t.SCHED_NAME = 'cronstone' AND t.TRIGGER_NAME = ?")) {
      statement.setString(1, "lord-howe");
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo(CronstoneTriggerPersistenceDelegate.TRIGGER_TYPE);
        assertThat(row.getInt(2)).isEqualTo(MisfirePolicy.CATCH_UP.code());
        assertThat(row.getString(3)).isEqualTo("0 0 1,15 * 1\n15 2 * * *");
        assertThat(row.getString(4)).isEqualTo("Australia/Lord_Howe");
        assertThat(row.getInt(5)).isEqualTo(1);
      }
    }

    Scheduler second = node(true);
    CronstoneTrigger back = (CronstoneTrigger) second.getTrigger(trigger.getKey());
    assertThat(back.getExpressions()).containsExactly("0 0 1,15 * 1", "15 2 * * *");
    assertThat(back.getZone()).isEqualTo(lordHowe);
    assertThat(back.getMisfirePolicy()).isEqualTo(MisfirePolicy.CATCH_UP);
    assertThat(back.getNextFireTime().getTime()).isEqualTo(nextFireTime);
    second.shutdown(true);

    Scheduler withoutDelegate = nodeWithoutOurDelegate();
    assertThatThrownBy(() -> withoutDelegate.getTrigger(trigger.getKey()))
        .isInstanceOf(JobPersistenceException.class)
        .hasMessageContaining(
            "No TriggerPersistenceDelegate for trigger discriminator type: CS_CRON");
  }

  private Scheduler node(boolean clustered) throws SchedulerException {
    NodeConfig config = nodeConfig(clustered);
    String nodeId = "test-node-" + (++nodes);
    HikariDataSource pool = StorePool.open(config.store(), nodeId);
    pools.add(pool);
    Scheduler scheduler = QuartzSchedulers.create(config, nodeId, pool);
    schedulers.add(scheduler);
    return scheduler;
  }

  /** Quartz as a third-party tool would configure it: our settings, minus our delegate. */
  private Scheduler nodeWithoutOurDelegate() throws SchedulerException {
    NodeConfig config = nodeConfig(true);
    String nodeId = "third-party-" + (++nodes);
    HikariDataSource pool = StorePool.open(config.store(), nodeId);
    pools.add(pool);
    org.quartz.utils.DBConnectionManager.getInstance()
        .addConnectionProvider(nodeId, new PoolConnectionProvider(pool));
    Properties properties = QuartzProperties.of(config, nodeId, nodeId);
    properties.remove("org.quartz.jobStore.driverDelegateInitString");
    Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
    schedulers.add(scheduler);
    return scheduler;
  }

  private NodeConfig nodeConfig(boolean clustered) {
    NodeConfig defaults = NodeConfig.defaults();
    return new NodeConfig(
        db().database().storeConfig(),
        new ClusterConfig(clustered, ClusterConfig.AUTO_NODE_ID, Duration.ofSeconds(1)),
        new SchedulerConfig(2, Duration.ofSeconds(60), 5, Duration.ofSeconds(1)),
        defaults.jobs(),
        defaults.artifacts(),
        defaults.api());
  }

  private long nextFireTimeRow(TriggerKey key) throws SQLException {
    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE SCHED_NAME = 'cronstone' AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?")) {
      statement.setString(1, key.getName());
      statement.setString(2, key.getGroup());
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("trigger row %s", key).isTrue();
        return row.getLong(1);
      }
    }
  }

  /** The number of versioned migrations under sql/<dialect>/. */
  /** The highest version among the migration files (numbers may have gaps while branches merge). */
  private static int lastMigration(String dialect) {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../sql", dialect))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max()
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int migrationFiles(String dialect) {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../sql", dialect))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> strings(TestDatabase database, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
