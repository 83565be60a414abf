package dev.cronstone.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The node registry's refusals, liveness and tzdb checks; run once per database. */
abstract class NodeRegistryContractTest {
  static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /** The liveness window of a node checking in every 2 s: 2 s + 7.5 s. */
  static final Duration WINDOW = INTERVAL.plus(Liveness.GRACE);

  protected abstract DatabaseExtension db();

  NodeRegistry registry() {
    return new NodeRegistry(db().database().dataSource(), INTERVAL);
  }

  NodeRegistry registry(String tzdbVersion) {
    return new NodeRegistry(
        db().database().dataSource(),
        INTERVAL,
        new NodeInfo("host-" + tzdbVersion, 4242, tzdbVersion, "test"));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertDenied(Callable<?> call) {
    return assertThatThrownBy(call::call)
        .isInstanceOfSatisfying(
            CronstoneException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_DENIED));
  }

  @Test
  void a_non_clustered_node_refuses_to_start_while_another_node_was_seen_within_the_window() {
    registry().register("node-a", true, T0);

    assertDenied(() -> registry().register("solo", false, T0.plus(WINDOW)))
        .hasMessageContaining("refusing to start non-clustered")
        .hasMessageContaining("node 'node-a'");
    assertThat(registry().register("solo", false, T0.plus(WINDOW).plusMillis(1)).self().clustered())
        .isFalse();
  }

  @Test
  void a_non_clustered_node_refuses_to_start_next_to_another_non_clustered_node() {
    registry().register("first", false, T0);

    assertDenied(() -> registry().register("second", false, T0.plusSeconds(1)))
        .hasMessageContaining("node 'first'");
  }

  @Test
  void a_clustered_node_refuses_to_start_while_a_non_clustered_node_is_alive() {
    registry().register("solo", false, T0);

    assertDenied(() -> registry().register("node-b", true, T0.plusSeconds(3)))
        .hasMessageContaining("refusing to start clustered")
        .hasMessageContaining("node 'solo'")
        .hasMessageContaining("NOT clustered");
  }

  @Test
  void a_node_refuses_an_id_a_live_node_already_has_and_takes_it_once_that_node_is_dead() {
    registry().register("node-a", true, T0);

    assertDenied(() -> registry().register("node-a", true, T0.plusSeconds(5)))
        .hasMessageContaining("node id 'node-a' is in use")
        .hasMessageContaining(T0.plus(WINDOW).toString());
    assertThat(registry().register("node-a", true, T0.plus(WINDOW).plusMillis(1)).self().nodeId())
        .isEqualTo("node-a");
  }

  @Test
  void clustered_nodes_join_each_other() {
    registry().register("node-a", true, T0);
    registry().register("node-b", true, T0.plusSeconds(1));

    assertThat(registry().nodes())
        .extracting(NodeRecord::nodeId)
        .containsExactly("node-a", "node-b");
  }

  @Test
  void heartbeats_keep_a_node_alive_and_the_window_runs_from_the_last_one() {
    NodeRegistry a = registry();
    a.register("node-a", true, T0);
    Instant later = T0.plusSeconds(60);
    a.heartbeat(later);

    NodeRecord row = only(a.nodes());
    assertThat(row.lastSeenAt()).isEqualTo(later);
    assertThat(row.startedAt()).isEqualTo(T0);
    assertThat(row.aliveAt(later.plus(WINDOW))).isTrue();
    assertThat(row.aliveAt(later.plus(WINDOW).plusMillis(1))).isFalse();
    assertDenied(() -> registry().register("solo", false, later.plusSeconds(5)));
  }

  @Test
  void a_clean_stop_frees_the_store_at_once() {
    NodeRegistry a = registry();
    a.register("node-a", true, T0);
    a.deregister(T0.plusSeconds(1));
    a.heartbeat(T0.plusSeconds(2));

    NodeRecord row = only(a.nodes());
    assertThat(row.stoppedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(row.aliveAt(T0.plusSeconds(2))).isFalse();
    assertThat(registry().register("solo", false, T0.plusSeconds(2)).self().nodeId())
        .isEqualTo("solo");
  }

  @Test
  void a_quartz_check_in_alone_counts_as_a_live_clustered_node() throws SQLException {
    quartzCheckin("raw-quartz", T0, INTERVAL);

    assertDenied(() -> registry().register("solo", false, T0.plusSeconds(3)))
        .hasMessageContaining("node 'raw-quartz'")
        .hasMessageContaining("clustered Quartz scheduler");
    assertThat(registry().register("node-b", true, T0.plusSeconds(3)).self().clustered()).isTrue();
  }

  @Test
  void a_quartz_row_left_behind_by_a_clean_stop_does_not_block_a_restart() throws SQLException {
    NodeRegistry a = registry();
    a.register("node-a", true, T0);
    quartzCheckin("node-a", T0.plusSeconds(1), INTERVAL);
    a.deregister(T0.plusSeconds(2));

    assertThat(registry().register("node-a", true, T0.plusSeconds(3)).self().nodeId())
        .isEqualTo("node-a");
  }

  @Test
  void a_node_whose_id_was_taken_over_while_it_looked_dead_is_told_to_stop_at_its_next_heartbeat() {
    NodeRegistry paused = registry();
    paused.register("node-a", true, T0);
    registry().register("node-a", true, T0.plusSeconds(30));

    assertDenied(
            () -> {
              paused.heartbeat(T0.plusSeconds(31));
              return null;
            })
        .hasMessageContaining("taken over");
  }

  @Test
  void a_heartbeat_writes_a_missing_row_again() throws SQLException {
    NodeRegistry a = registry();
    a.register("node-a", true, T0);
    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement delete = connection.prepareStatement("DELETE FROM cs_node")) {
      delete.executeUpdate();
    }
    a.heartbeat(T0.plusSeconds(2));

    NodeRecord row = only(a.nodes());
    assertThat(row.lastSeenAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(row.startedAt()).isEqualTo(T0);
  }

  @Test
  void the_jvms_tzdb_version_host_and_pid_are_recorded() {
    registry().register("node-a", true, T0);

    NodeRecord row = only(registry().nodes());
    assertThat(row.tzdbVersion()).isEqualTo(NodeInfo.jvmTzdbVersion()).matches("\\d{4}[a-z]");
    assertThat(row.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(row.host()).isNotBlank();
    assertThat(row.checkinInterval()).isEqualTo(INTERVAL);
  }

  @Test
  void a_node_with_other_time_zone_rules_than_the_live_nodes_is_told_at_registration() {
    registry("2024a").register("old-rules", true, T0);
    registry().register("node-a", true, T0);

    NodeRegistry.Registration current = registry().register("node-b", true, T0.plusSeconds(1));
    assertThat(current.tzdbMismatches())
        .extracting(NodeRecord::nodeId)
        .containsExactly("old-rules");
    assertThat(registry("2024a").register("node-c", true, T0.plusSeconds(1)).tzdbMismatches())
        .extracting(NodeRecord::nodeId)
        .containsExactly("node-a", "node-b");
  }

  @Test
  void two_non_clustered_nodes_starting_at_once_cannot_both_pass() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<NodeRegistry.Registration>> starts = new ArrayList<>();
      for (String id : List.of("racer-1", "racer-2")) {
        starts.add(
            pool.submit(
                () -> {
                  go.await();
                  return registry().register(id, false, T0);
                }));
      }
      go.countDown();
      int started = 0;
      int refused = 0;
      for (Future<NodeRegistry.Registration> start : starts) {
        try {
          start.get(30, TimeUnit.SECONDS);
          started++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(CronstoneException.class);
          assertThat(((CronstoneException) e.getCause()).code()).isEqualTo(ErrorCode.POLICY_DENIED);
          refused++;
        }
      }
      assertThat(started).isEqualTo(1);
      assertThat(refused).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nodes_dead_longer_than_forget_after_are_removed_by_a_live_nodes_step() throws SQLException {
    Duration forgetAfter = Duration.ofDays(7);
    NodeRegistry crashed = registry();
    crashed.register("crashed", true, T0);
    NodeRegistry stopped = registry();
    stopped.register("stopped", true, T0.plusSeconds(1));
    quartzCheckin("stopped", T0.plusSeconds(1), INTERVAL);
    stopped.deregister(T0.plusSeconds(2));
    quartzCheckin("quartz-only", T0, INTERVAL);
    Instant recent = T0.plus(Duration.ofDays(6));
    registry().register("recently-dead", true, recent);

    Instant now = T0.plus(forgetAfter).plusSeconds(30);
    NodeRegistry live = registry();
    live.register("live", true, now);
    assertThat(live.forgetDead(forgetAfter, now))
        .containsExactlyInAnyOrder("crashed", "stopped", "quartz-only");

    assertThat(live.nodes())
        .extracting(NodeRecord::nodeId)
        .containsExactly("live", "recently-dead");
    assertThat(quartzInstances()).isEmpty();
    assertThat(live.forgetDead(forgetAfter, now)).isEmpty();
  }

  @Test
  void a_dead_nodes_quartz_row_stays_while_quartz_has_fired_triggers_of_it_to_recover()
      throws SQLException {
    registry().register("crashed", true, T0);
    quartzCheckin("crashed", T0, INTERVAL);
    firedTrigger("crashed");
    NodeRegistry live = registry();
    Instant now = T0.plus(Duration.ofDays(8));
    live.register("live", true, now);

    assertThat(live.forgetDead(Duration.ofDays(7), now)).containsExactly("crashed");
    assertThat(live.nodes()).extracting(NodeRecord::nodeId).containsExactly("live");
    assertThat(quartzInstances()).containsExactly("crashed");
  }

  @Test
  void forget_removes_one_dead_node_and_refuses_a_live_one_or_an_unknown_id() throws SQLException {
    NodeRegistry gone = registry();
    gone.register("gone", true, T0);
    gone.deregister(T0.plusSeconds(1));
    registry().register("live", true, T0.plusSeconds(1));
    var dataSource = db().database().dataSource();

    assertDenied(() -> DeadNodes.forget(dataSource, "live", T0.plusSeconds(2)))
        .hasMessageContaining("refusing to forget node 'live'")
        .hasMessageContaining("it is alive");
    assertThatThrownBy(() -> DeadNodes.forget(dataSource, "nobody", T0.plusSeconds(2)))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("no node 'nobody'");
    assertThat(DeadNodes.forget(dataSource, "gone", T0.plusSeconds(2)).nodeId()).isEqualTo("gone");

    assertThat(registry().nodes()).extracting(NodeRecord::nodeId).containsExactly("live");
  }

  private static NodeRecord only(List<NodeRecord> rows) {
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  List<String> quartzInstances() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE ORDER BY INSTANCE_NAME");
        java.sql.ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  void firedTrigger(String instance) throws SQLException {
    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO QRTZ_FIRED_TRIGGERS (SCHED_NAME, ENTRY_ID, TRIGGER_NAME, TRIGGER_GROUP,"
                    + " INSTANCE_NAME, FIRED_TIME, SCHED_TIME, PRIORITY, STATE)"
                    + " VALUES ('cronstone', 'entry-1', 't', 'g', ?, 0, 0, 5, 'EXECUTING')")) {
      insert.setString(1, instance);
      insert.executeUpdate();
    }
  }

  void quartzCheckin(String instance, Instant at, Duration interval) throws SQLException {
    try (Connection connection = db().database().dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL)"
                    + " VALUES ('cronstone', ?, ?, ?)")) {
      insert.setString(1, instance);
      insert.setLong(2, at.toEpochMilli());
      insert.setLong(3, interval.toMillis());
      insert.executeUpdate();
    }
  }
}
