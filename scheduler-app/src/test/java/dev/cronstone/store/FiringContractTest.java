package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import dev.cronstone.testing.DatabaseExtension;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.core.QuartzScheduler;
import org.quartz.core.QuartzSchedulerResources;
import org.quartz.impl.StdScheduler;
import org.quartz.spi.JobStore;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredResult;

/**
 * The firing path of {@link FiringJobStore} on each database: due triggers fired in the acquiring
 * transaction, a released fire undone, another trigger type left to Quartz, and grouped completions
 * all written. (Exactly-once across node processes: ClusterIT.)
 */
abstract class FiringContractTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

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
  void a_due_trigger_is_fired_by_its_acquisition_and_its_result_handed_over_without_the_database()
      throws Exception {
    Scheduler scheduler = node(false);
    CronstoneTrigger trigger = everySecond(scheduler, "due");
    long scheduled = dueNow(trigger);
    FiringJobStore store = store(scheduler);

    List<OperableTrigger> acquired = store.acquireNextTriggers(scheduled + 1_000, 10, 0);

    assertThat(acquired).hasSize(1);
    OperableTrigger taken = acquired.get(0);
    assertThat(taken.getNextFireTime().getTime())
        .as("Quartz's thread sees the scheduled time")
        .isEqualTo(scheduled);
    assertThat(firedRows()).containsExactly(Map.entry("EXECUTING", scheduled));
    assertThat(triggerRow(trigger)).isEqualTo(Map.entry("WAITING", scheduled + 1_000));

    List<TriggerFiredResult> results = store.triggersFired(acquired);
    assertThat(firedRows()).containsExactly(Map.entry("EXECUTING", scheduled));
    assertThat(triggerRow(trigger)).isEqualTo(Map.entry("WAITING", scheduled + 1_000));
    var bundle = results.get(0).getTriggerFiredBundle();
    assertThat(bundle.getScheduledFireTime().getTime()).isEqualTo(scheduled);
    assertThat(bundle.getNextFireTime().getTime()).isEqualTo(scheduled + 1_000);
    assertThat(bundle.getTrigger().getFireInstanceId()).isEqualTo(taken.getFireInstanceId());
    assertThat(QuartzLocks.holds(store.getInstanceId(), "TRIGGER_ACCESS"))
        .as("the acquisition took the lock row, timed")
        .isPositive();
    assertThat(QuartzLocks.heldSeconds(store.getInstanceId(), "TRIGGER_ACCESS")).isPositive();
  }

  @Test
  void a_fire_released_before_it_ran_gets_its_fire_time_back_and_leaves_no_fired_row()
      throws Exception {
    Scheduler scheduler = node(false);
    CronstoneTrigger trigger = everySecond(scheduler, "released");
    long scheduled = dueNow(trigger);
    FiringJobStore store = store(scheduler);

    List<OperableTrigger> acquired = store.acquireNextTriggers(scheduled + 1_000, 10, 0);
    store.releaseAcquiredTrigger(acquired.get(0));

    assertThat(firedRows()).isEmpty();
    assertThat(triggerRow(trigger)).isEqualTo(Map.entry("WAITING", scheduled));
    assertThat(store.acquireNextTriggers(scheduled + 1_000, 10, 0))
        .as("acquired again, for the same fire")
        .extracting(t -> t.getNextFireTime().getTime())
        .containsExactly(scheduled);
  }

  @Test
  void a_batch_acquired_as_the_scheduler_goes_to_standby_is_given_back_at_once() throws Exception {
    Scheduler scheduler = node(false);
    CronstoneTrigger trigger = everySecond(scheduler, "standby");
    long scheduled = dueNow(trigger);
    FiringJobStore store = store(scheduler);

    store.schedulerPaused();
    assertThat(store.acquireNextTriggers(scheduled + 1_000, 10, 0))
        .as("a stopping scheduler's thread would drop the batch unfired")
        .isEmpty();
    assertThat(firedRows()).isEmpty();
    assertThat(triggerRow(trigger)).isEqualTo(Map.entry("WAITING", scheduled));

    store.schedulerResumed();
    assertThat(store.acquireNextTriggers(scheduled + 1_000, 10, 0)).hasSize(1);
  }

  @Test
  void a_fire_given_back_after_its_trigger_moved_on_is_handed_back_as_a_one_shot_at_its_time()
      throws Exception {
    Scheduler scheduler = node(false);
    CronstoneTrigger trigger = everySecond(scheduler, "moved-on");
    long scheduled = dueNow(trigger);
    FiringJobStore store = store(scheduler);
    List<OperableTrigger> acquired = store.acquireNextTriggers(scheduled + 1_000, 10, 0);
    // Meanwhile another node fired the trigger's next time: restoring it would lose that one.
    update(
        "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = "
            + (scheduled + 2_000)
            + " WHERE TRIGGER_NAME = 'moved-on'");

    store.releaseAcquiredTrigger(acquired.get(0));

    assertThat(firedRows()).isEmpty();
    assertThat(triggerRow(trigger)).isEqualTo(Map.entry("WAITING", scheduled + 2_000));
    assertThat(
            rows(
                "SELECT TRIGGER_NAME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = '"
                    + FiringJobStore.HANDBACK_GROUP
                    + "' AND JOB_NAME = 'moved-on'"))
        .containsExactly(Map.entry("moved-on@" + scheduled, scheduled));
    List<OperableTrigger> again = store.acquireNextTriggers(scheduled + 3_000, 10, 0);
    List<TriggerFiredResult> fired = store.triggersFired(again);
    assertThat(fired)
        .extracting(r -> r.getTriggerFiredBundle().getScheduledFireTime().getTime())
        .as("the handed-back fire runs with its own scheduled time")
        .contains(scheduled);
  }

  @Test
  void a_trigger_of_another_type_is_acquired_and_fired_by_quartzs_own_code() throws Exception {
    Scheduler scheduler = node(false);
    JobDetail job =
        JobBuilder.newJob(Recording.class).withIdentity("simple").storeDurably().build();
    long due = System.currentTimeMillis() + 2_000;
    scheduler.scheduleJob(
        job,
        TriggerBuilder.newTrigger()
            .forJob(job)
            .withIdentity("simple-once")
            .startAt(new Date(due))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule())
            .build());
    FiringJobStore store = store(scheduler);

    List<OperableTrigger> acquired = store.acquireNextTriggers(due + 1_000, 10, 0);

    assertThat(acquired).hasSize(1);
    assertThat(firedRows())
        .as("not yet due: acquired the way Quartz acquires")
        .containsExactly(Map.entry("ACQUIRED", due));
    List<TriggerFiredResult> results = store.triggersFired(acquired);
    assertThat(results.get(0).getTriggerFiredBundle().getScheduledFireTime().getTime())
        .isEqualTo(due);
    assertThat(firedRows()).containsExactly(Map.entry("EXECUTING", due));
  }

  @Test
  void a_clustered_node_fires_every_second_of_many_jobs_once_and_writes_every_completion()
      throws Exception {
    Recording.reset();
    Scheduler node = node(true);
    int jobs = 60;
    Instant start = Instant.now(); // before the triggers: scheduling 60 may take seconds when busy
    for (int i = 0; i < jobs; i++) {
      everySecond(node, "job-" + i);
    }
    node.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> Recording.FIRES.size() >= jobs * 5);
    node.shutdown(true);

    List<String> fires = new ArrayList<>(Recording.FIRES);
    Set<String> distinct = new HashSet<>(fires);
    assertThat(distinct).as("no (job, fire time) ran twice").hasSize(fires.size());
    assertThat(fires).allSatisfy(f -> assertThat(f).contains("@"));
    assertThat(Recording.FIRES.stream().map(f -> Instant.parse(f.split("@")[1])))
        .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(start.minusSeconds(1)));
    assertThat(firedRows()).as("every completion was written before the stores closed").isEmpty();
    assertThat(count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_STATE <> 'WAITING'"))
        .isZero();
  }

  @Test
  void a_fires_completion_waits_for_its_end_to_be_recorded_and_a_stopping_store_waits_for_it()
      throws Exception {
    Scheduler node = gatedNode(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> Gated.RAN.size() >= 2);

    Thread stopper = new Thread(() -> shutdown(node), "test-stopper");
    try {
      assertThat(firedRows())
          .as("the workers are back in the pool, but the fired rows outlive the unrecorded ends")
          .filteredOn(row -> row.getKey().equals("EXECUTING"))
          .hasSizeGreaterThanOrEqualTo(2);
      stopper.start();
      stopper.join(1_500);
      assertThat(stopper.isAlive())
          .as("the store waits for the ends its completions wait for")
          .isTrue();
    } finally {
      Gated.GATE.get().complete(null);
    }
    stopper.join(30_000);
    assertThat(stopper.isAlive()).isFalse();
    assertThat(firedRows()).as("every completion written once its end was recorded").isEmpty();
  }

  @Test
  void a_plain_completion_is_written_while_another_transaction_holds_trigger_access()
      throws Exception {
    Scheduler node = gatedNode(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> Gated.RAN.size() >= 1);

    try (Connection holder = db().database().dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement(
              "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE")) {
        lock.executeQuery().close(); // the cluster's fires queue on this row from now on
      }
      List<String> ran = List.copyOf(Gated.RAN);
      assertThat(firedRows()).as("fired rows of unrecorded ends").isNotEmpty();
      Gated.GATE.get().complete(null);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(entryIds())
                      .as("the completions of %s, written without Quartz's lock row", ran)
                      .doesNotContainAnyElementsOf(ran));
      holder.rollback();
    }
  }

  /** A started node with one every-second job whose ends wait for {@link Gated#GATE}. */
  private Scheduler gatedNode(boolean clustered) throws SchedulerException {
    Gated.reset();
    Scheduler node = node(clustered);
    JobDetail job = JobBuilder.newJob(Gated.class).withIdentity("gated").storeDurably().build();
    node.scheduleJob(
        job,
        CronstoneTriggers.forSchedule(
                job.getKey(), List.of("* * * * * ?"), ZONE, MisfirePolicy.FIRE_ONCE_NOW)
            .build());
    node.start();
    return node;
  }

  private static void shutdown(Scheduler scheduler) {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A job whose end is recorded only when the test opens {@link #GATE} (EndGate). */
  public static final class Gated implements Job {
    static final AtomicReference<CompletableFuture<Void>> GATE = new AtomicReference<>();
    static final Queue<String> RAN = new ConcurrentLinkedQueue<>();

    static void reset() {
      GATE.set(new CompletableFuture<>());
      RAN.clear();
    }

    @Override
    public void execute(JobExecutionContext context) {
      EndGate.hold(context.getFireInstanceId(), GATE.get());
      RAN.add(context.getFireInstanceId());
    }
  }

  /** A job recording each (job, scheduled fire) it ran. */
  public static final class Recording implements Job {
    static final Queue<String> FIRES = new ConcurrentLinkedQueue<>();

    static void reset() {
      FIRES.clear();
    }

    @Override
    public void execute(JobExecutionContext context) {
      FIRES.add(
          context.getJobDetail().getKey().getName()
              + "@"
              + context.getScheduledFireTime().toInstant());
    }
  }

  private CronstoneTrigger everySecond(Scheduler scheduler, String name) throws SchedulerException {
    JobDetail job = JobBuilder.newJob(Recording.class).withIdentity(name).storeDurably().build();
    CronstoneTrigger trigger =
        CronstoneTriggers.forSchedule(
                job.getKey(), List.of("* * * * * ?"), ZONE, MisfirePolicy.FIRE_ONCE_NOW)
            .build();
    scheduler.scheduleJob(job, trigger);
    return trigger;
  }

  /**
   * Moves the trigger's next fire to the last whole second: due now. Waits for the next second when
   * the current one is nearly over, so the acquisition comes before the following fire is due too
   * (which would make it a missed fire).
   */
  private long dueNow(CronstoneTrigger trigger) throws SQLException, InterruptedException {
    long millis = System.currentTimeMillis() % 1_000;
    if (millis > 500) {
      Thread.sleep(1_001 - millis);
    }
    long scheduled = System.currentTimeMillis() / 1_000 * 1_000;
    update(
        "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = "
            + scheduled
            + " WHERE TRIGGER_NAME = '"
            + trigger.getKey().getName()
            + "'");
    return scheduled;
  }

  private Scheduler node(boolean clustered) throws SchedulerException {
    NodeConfig defaults = NodeConfig.defaults();
    NodeConfig config =
        new NodeConfig(
            db().database().storeConfig(),
            new ClusterConfig(clustered, ClusterConfig.AUTO_NODE_ID, Duration.ofSeconds(1)),
            new SchedulerConfig(4, Duration.ofSeconds(60), 20, Duration.ofSeconds(1)),
            defaults.jobs(),
            defaults.artifacts(),
            defaults.api());
    String nodeId = "firing-node-" + (++nodes);
    HikariDataSource pool = StorePool.open(config.store(), nodeId);
    pools.add(pool);
    Scheduler scheduler = QuartzSchedulers.create(config, nodeId, pool);
    schedulers.add(scheduler);
    return scheduler;
  }

  /** The node's job store, which Quartz keeps to itself. */
  private static FiringJobStore store(Scheduler scheduler) throws ReflectiveOperationException {
    Field sched = StdScheduler.class.getDeclaredField("sched");
    sched.setAccessible(true);
    Field resources = QuartzScheduler.class.getDeclaredField("resources");
    resources.setAccessible(true);
    JobStore store = ((QuartzSchedulerResources) resources.get(sched.get(scheduler))).getJobStore();
    return (FiringJobStore) store;
  }

  private List<Map.Entry<String, Long>> firedRows() throws SQLException {
    return rows("SELECT STATE, SCHED_TIME FROM QRTZ_FIRED_TRIGGERS");
  }

  private List<String> entryIds() throws SQLException {
    return rows("SELECT ENTRY_ID, 0 FROM QRTZ_FIRED_TRIGGERS").stream()
        .map(Map.Entry::getKey)
        .toList();
  }

  private Map.Entry<String, Long> triggerRow(CronstoneTrigger trigger) throws SQLException {
    return rows("SELECT TRIGGER_STATE, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = '"
            + trigger.getKey().getName()
            + "'")
        .get(0);
  }

  private List<Map.Entry<String, Long>> rows(String sql) throws SQLException {
    List<Map.Entry<String, Long>> rows = new ArrayList<>();
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(Map.entry(rs.getString(1), rs.getLong(2)));
      }
    }
    return rows;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void update(String sql) throws SQLException {
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }
}
