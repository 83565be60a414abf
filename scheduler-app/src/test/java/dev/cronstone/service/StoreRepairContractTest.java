package dev.cronstone.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.StoreFixture;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/**
 * {@code jobs store repair}: finds stuck and ERROR triggers, fixes them under the lock, leaves held
 * ones.
 */
abstract class StoreRepairContractTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  protected abstract DatabaseExtension db();

  private StoreFixture fixture;
  private StoreRepair repair;
  private Scheduler scheduler;

  @BeforeEach
  void stuckStore() throws Exception {
    fixture = new StoreFixture(db().database());
    repair = new StoreRepair(db().database().dataSource(), db().database().storeConfig());
    scheduler = fixture.scheduler("repair-admin", false);
    for (String job :
        List.of(
            "stuck-blocked",
            "stuck-acquired",
            "broken",
            "paused-stuck",
            "held-live",
            "held-dead",
            "healthy")) {
      StoreFixture.schedule(
          scheduler,
          job,
          ParkedJob.class,
          List.of("0 3 * * *"),
          ZoneId.of("Europe/Paris"),
          MisfirePolicy.FIRE_ONCE_NOW,
          NOW);
    }
    fixture.setState("stuck-blocked", "BLOCKED");
    fixture.setState("stuck-acquired", "ACQUIRED");
    fixture.setState("broken", "ERROR");
    fixture.setState("paused-stuck", "BLOCKED");
    fixture.csJob("paused-stuck", true, "bob", NOW.minusSeconds(3600));
    fixture.setState("held-live", "BLOCKED");
    fixture.quartzCheckin("live-node", NOW.minusSeconds(1));
    fixture.firedRow("live-node-1", "held-live", "live-node", "EXECUTING", NOW.minusSeconds(5));
    fixture.setState("held-dead", "ACQUIRED");
    fixture.quartzCheckin("dead-node", NOW.minus(Duration.ofMinutes(10)));
    fixture.firedRow(
        "dead-node-1", "held-dead", "dead-node", "ACQUIRED", NOW.minus(Duration.ofMinutes(10)));
  }

  @AfterEach
  void close() throws Exception {
    fixture.close();
  }

  @Test
  void a_dry_run_reports_each_stuck_and_error_trigger_with_its_reason_and_changes_nothing()
      throws Exception {
    Repair.Report report = repair.plan(NOW);

    assertThat(report.applied()).isFalse();
    assertThat(report.fixes())
        .extracting(Repair.Fix::triggerName, Repair.Fix::fromState, Repair.Fix::toState)
        .containsExactly(
            tuple("broken", "ERROR", "WAITING"),
            tuple("paused-stuck", "BLOCKED", "PAUSED"),
            tuple("stuck-acquired", "ACQUIRED", "WAITING"),
            tuple("stuck-blocked", "BLOCKED", "WAITING"));
    assertThat(report.fixes().get(3).reason()).contains("no fired-trigger row");
    assertThat(report.fixes().get(0).reason()).contains("resetTriggerFromErrorState");
    assertThat(report.leftAlone())
        .extracting(
            Repair.LeftAlone::triggerName, Repair.LeftAlone::heldBy, Repair.LeftAlone::holderAlive)
        .containsExactly(
            tuple("held-dead", "dead-node", false), tuple("held-live", "live-node", true));
    assertThat(states())
        .containsExactly(
            "ERROR", "BLOCKED", "ACQUIRED", "BLOCKED", "BLOCKED", "ACQUIRED", "WAITING");
  }

  @Test
  void apply_fixes_them_leaves_held_triggers_alone_and_a_second_run_finds_nothing()
      throws Exception {
    Repair.Report report = repair.apply(NOW);

    assertThat(report.applied()).isTrue();
    assertThat(report.fixes()).hasSize(4);
    assertThat(states())
        .containsExactly(
            "WAITING", "PAUSED", "WAITING", "WAITING", "BLOCKED", "ACQUIRED", "WAITING");
    assertThat(scheduler.getTriggerState(TriggerKey.triggerKey("broken", StoreFixture.GROUP)))
        .isEqualTo(org.quartz.Trigger.TriggerState.NORMAL);

    Repair.Report again = repair.apply(NOW);
    assertThat(again.fixes()).isEmpty();
    assertThat(again.leftAlone()).hasSize(2);
    assertThat(repair.plan(NOW).clean()).isTrue();
  }

  @Test
  void a_trigger_in_a_paused_group_goes_back_to_paused() throws Exception {
    fixture.execute(
        "INSERT INTO QRTZ_PAUSED_TRIGGER_GRPS (SCHED_NAME, TRIGGER_GROUP) VALUES ('cronstone', ?)",
        StoreFixture.GROUP);

    assertThat(repair.plan(NOW).fixes()).extracting(Repair.Fix::toState).containsOnly("PAUSED");
  }

  @Test
  void once_the_holder_is_dead_and_its_fired_row_is_gone_the_trigger_is_repaired()
      throws Exception {
    fixture.execute("DELETE FROM QRTZ_FIRED_TRIGGERS WHERE ENTRY_ID = 'live-node-1'");

    assertThat(repair.plan(NOW).fixes()).extracting(Repair.Fix::triggerName).contains("held-live");
  }

  @Test
  void apply_waits_for_the_trigger_access_lock_a_firing_node_holds() throws Exception {
    try (Connection node = db().database().dataSource().getConnection()) {
      node.setAutoCommit(false);
      try (Statement statement = node.createStatement()) {
        statement
            .executeQuery(
                "SELECT * FROM QRTZ_LOCKS WHERE SCHED_NAME = 'cronstone' AND LOCK_NAME = 'TRIGGER_ACCESS'"
                    + " FOR UPDATE")
            .close();
        // The "node" acquires stuck-blocked properly while it holds the lock.
        statement.executeUpdate(
            "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = 'WAITING' WHERE TRIGGER_NAME = 'stuck-blocked'");
      }
      CompletableFuture<Repair.Report> applying =
          CompletableFuture.supplyAsync(() -> repair.apply(NOW));
      Awaitility.await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !applying.isDone());
      node.commit();

      Repair.Report report = applying.get();
      assertThat(report.fixes())
          .extracting(Repair.Fix::triggerName)
          .doesNotContain("stuck-blocked")
          .hasSize(3);
    }
  }

  private List<String> states() throws Exception {
    return List.of(
        fixture.state("broken"),
        fixture.state("paused-stuck"),
        fixture.state("stuck-acquired"),
        fixture.state("stuck-blocked"),
        fixture.state("held-live"),
        fixture.state("held-dead"),
        fixture.state("healthy"));
  }
}
