package dev.cronstone.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.cluster.NodeInfo;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.StoreFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/** What {@code jobs store nodes|triggers|fired|locks|paused} read; run once per database. */
abstract class StoreInspectionContractTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  protected abstract DatabaseExtension db();

  private StoreFixture fixture;
  private StoreInspector inspector;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(db().database());
    inspector = new StoreInspector(db().database().dataSource(), db().database().storeConfig());
  }

  @AfterEach
  void close() throws Exception {
    ParkedJob.releaseAll();
    fixture.close();
  }

  @Test
  void triggers_show_a_scheduled_jobs_trigger_with_its_state_fire_times_and_schedule()
      throws Exception {
    Scheduler scheduler = fixture.scheduler("inspect-1", false);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CronstoneTrigger trigger =
        (CronstoneTrigger)
            StoreFixture.schedule(
                scheduler,
                "nightly-report",
                ParkedJob.class,
                List.of("30 2 * * *", "0 0 1 * *"),
                BERLIN,
                MisfirePolicy.SKIP,
                start);

    List<Inspection.Trigger> triggers = inspector.triggers();

    assertThat(triggers).hasSize(1);
    Inspection.Trigger row = triggers.get(0);
    assertThat(row.name()).isEqualTo("nightly-report");
    assertThat(row.group()).isEqualTo(StoreFixture.GROUP);
    assertThat(row.jobName()).isEqualTo("nightly-report");
    assertThat(row.type()).isEqualTo("CS_CRON");
    assertThat(row.state()).isEqualTo("WAITING");
    assertThat(row.nextFireTime())
        .isEqualTo(trigger.schedule().next(start.minusMillis(1)).orElseThrow().instant());
    assertThat(row.previousFireTime()).isNull();
    assertThat(row.misfirePolicy()).isEqualTo("skip");
    assertThat(row.misfireInstruction()).isEqualTo(MisfirePolicy.SKIP.code());
    assertThat(row.expressions()).containsExactly("30 2 * * *", "0 0 1 * *");
    assertThat(row.timezone()).isEqualTo("Europe/Berlin");
  }

  @Test
  void nodes_merge_quartzs_check_in_with_the_registry_and_compute_liveness() throws Exception {
    Scheduler scheduler = fixture.scheduler("inspect-live", true);
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(1))
        .register("inspect-live", true, Instant.now());
    scheduler.start();
    Instant old = Instant.now().minus(Duration.ofMinutes(5));
    new NodeRegistry(
            db().database().dataSource(),
            Duration.ofSeconds(1),
            new NodeInfo("far", 7, "2019c", "0.0.1"))
        .register("long-gone", true, old);

    List<Inspection.Node> nodes = inspector.nodes(Instant.now());

    assertThat(nodes)
        .extracting(Inspection.Node::nodeId)
        .containsExactly("inspect-live", "long-gone");
    Inspection.Node live = nodes.get(0);
    assertThat(live.alive()).isTrue();
    assertThat(live.inQuartz()).isTrue();
    assertThat(live.inRegistry()).isTrue();
    assertThat(live.clustered()).isTrue();
    assertThat(live.tzdbVersion()).isEqualTo(NodeInfo.jvmTzdbVersion());
    assertThat(live.tzdbMismatch()).isFalse();
    assertThat(live.quartzCheckin()).isNotNull();
    assertThat(live.checkinIntervalMillis()).isEqualTo(1000L);
    Inspection.Node gone = nodes.get(1);
    assertThat(gone.alive()).isFalse();
    assertThat(gone.inQuartz()).isFalse();
    assertThat(gone.tzdbMismatch()).as("only live nodes are compared").isFalse();
    assertThat(gone.lastSeen()).isEqualTo(old.truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void nodes_flag_live_nodes_whose_tzdb_versions_differ() {
    Instant now = Instant.parse("2026-05-01T10:00:00Z");
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2))
        .register("current", true, now);
    new NodeRegistry(
            db().database().dataSource(), Duration.ofSeconds(2), new NodeInfo("h", 1, "2019c", "x"))
        .register("outdated", true, now);

    assertThat(inspector.nodes(now.plusSeconds(1)))
        .extracting(Inspection.Node::nodeId, Inspection.Node::tzdbMismatch)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("current", true),
            org.assertj.core.groups.Tuple.tuple("outdated", true));
  }

  @Test
  void fired_shows_an_executing_trigger_on_its_live_node() throws Exception {
    ParkedJob.reset();
    Scheduler scheduler = fixture.scheduler("inspect-fire", true);
    StoreFixture.schedule(
        scheduler,
        "every-second",
        ParkedJob.class,
        List.of("* * * * * ?"),
        BERLIN,
        MisfirePolicy.FIRE_ONCE_NOW,
        Instant.now());
    scheduler.start();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                inspector.fired(Instant.now()).stream()
                    .anyMatch(f -> f.state().equals("EXECUTING")));

    Inspection.Fired fired =
        inspector.fired(Instant.now()).stream()
            .filter(f -> f.state().equals("EXECUTING"))
            .findFirst()
            .orElseThrow();
    assertThat(fired.triggerName()).isEqualTo("every-second");
    assertThat(fired.jobName()).isEqualTo("every-second");
    assertThat(fired.instance()).isEqualTo("inspect-fire");
    assertThat(fired.instanceAlive()).isTrue();
    assertThat(fired.scheduledAt()).isNotNull();
    assertThat(fired.firedAt()).isAfterOrEqualTo(fired.scheduledAt().minusSeconds(1));
  }

  @Test
  void locks_list_quartzs_lock_rows_and_on_postgresql_the_session_holding_one() throws Exception {
    assertThat(inspector.locks().locks())
        .extracting(Inspection.Lock::lockName)
        .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
    boolean postgres = db().database().dialect().equals("postgresql");
    assertThat(inspector.locks().holdersKnown()).isEqualTo(postgres);
    if (!postgres) {
      return;
    }
    try (Connection holder =
        AdminStore.open(db().database().storeConfig()).dataSource().getConnection()) {
      holder.setAutoCommit(false);
      int pid;
      try (Statement statement = holder.createStatement()) {
        statement
            .executeQuery(
                "SELECT * FROM QRTZ_LOCKS WHERE SCHED_NAME = 'cronstone' AND LOCK_NAME = 'TRIGGER_ACCESS'"
                    + " FOR UPDATE")
            .close();
        ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()");
        rs.next();
        pid = rs.getInt(1);
      }
      assertThat(inspector.locks().holders())
          .extracting(Inspection.LockHolder::pid, Inspection.LockHolder::applicationName)
          .contains(org.assertj.core.groups.Tuple.tuple(pid, "cronstone-admin"));
      holder.rollback();
    }
    assertThat(inspector.locks().holders()).isEmpty();
  }

  @Test
  void paused_shows_paused_groups_triggers_and_operators_pauses_with_who_and_when()
      throws Exception {
    Scheduler scheduler = fixture.scheduler("inspect-pause", false);
    StoreFixture.schedule(
        scheduler,
        "held-back",
        ParkedJob.class,
        List.of("0 * * * *"),
        BERLIN,
        MisfirePolicy.FIRE_ONCE_NOW,
        Instant.now());
    StoreFixture.schedule(
        scheduler,
        "running",
        ParkedJob.class,
        List.of("0 * * * *"),
        BERLIN,
        MisfirePolicy.FIRE_ONCE_NOW,
        Instant.now());
    scheduler.pauseTrigger(TriggerKey.triggerKey("held-back", StoreFixture.GROUP));
    scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals("batch"));
    Instant pausedAt = Instant.parse("2026-04-30T08:15:00Z");
    fixture.csJob("held-back", true, "alice", pausedAt);
    fixture.csJob("running", true, null, null);

    Inspection.Paused paused = inspector.paused();

    assertThat(paused.triggerGroups()).containsExactly("batch");
    assertThat(paused.triggers())
        .extracting(Inspection.PausedTrigger::name, Inspection.PausedTrigger::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("held-back", "PAUSED"));
    assertThat(paused.jobs())
        .containsExactly(new Inspection.PausedJob("held-back", true, "alice", pausedAt));
  }
}
