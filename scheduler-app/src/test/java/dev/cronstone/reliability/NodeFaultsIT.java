package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node faults under load (issue 8): kill -9 round robin with restart, SIGSTOP past the failure
 * threshold then SIGCONT, and a graceful stop mid-run. Faults are injected one second after a
 * keeper fire, when three-second attempts are in flight.
 */
@Tag("reliability")
class NodeFaultsIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();
  private static final Duration KILL_EVERY = Duration.ofSeconds(20);

  @TempDir Path dir;

  private LoadCluster cluster(String scenario) throws Exception {
    return new LoadCluster(scenario, dir, DB.emptyDatabase().url(), Load.current());
  }

  /** The instants, one second after a keeper fire, at which faults go in: every {@code every}. */
  private static List<Instant> faultTimes(LoadCluster cluster, Duration every) {
    Instant first = cluster.windowStart().plusSeconds(5);
    long s = first.getEpochSecond();
    while (s % 10 != 1) {
      s++;
    }
    List<Instant> times = new java.util.ArrayList<>();
    for (Instant t = Instant.ofEpochSecond(s);
        t.isBefore(cluster.windowEnd().minusSeconds(6));
        t = t.plus(every)) {
      times.add(t);
    }
    return times;
  }

  private static void assertDelivery(Figures f) {
    assertThat(f.lost()).as("lost fires: %s", f).isZero();
    assertThat(f.notInLedger()).as("executions not in the ledger: %s", f).isZero();
    assertThat(f.notEnded()).as("runs or attempts not ended: %s", f).isZero();
    assertThat(f.runs()).as("one run per intended fire: %s", f).isEqualTo(f.intended());
  }

  @Test
  void kill_9_round_robin_with_restart_loses_no_fire_and_hides_no_execution() throws Exception {
    try (LoadCluster cluster = cluster("kill-9-round-robin")) {
      cluster.startNodes().openWindow();
      List<String> ids = cluster.nodeIds();
      int next = 0;
      for (Instant at : faultTimes(cluster, KILL_EVERY)) {
        LoadCluster.waitUntil(at);
        // Quartz hands a batch of same-instant fires to one node, so the keepers tend to run
        // together: the victim is the node running them (so that there is something to recover),
        // else the next in turn.
        String victim = cluster.runningKeeperOwner().orElse(ids.get(next++ % ids.size()));
        cluster.kill(victim);
        cluster.restart(victim, Duration.ofSeconds(60));
      }
      Figures f = cluster.audit();
      assertDelivery(f);
      // A live node starved for seconds on a loaded machine (a killed peer restarting beside it)
      // can be taken for dead: its attempt is superseded, it still ends, and the run may end
      // abandoned. That is the failure detector's known trade-off (docs/reliability.md), counted
      // as a false recovery; what must never happen is a killed attempt left unrecovered.
      assertThat(f.unsuccessfulNotFalselySuspected())
          .as("every killed attempt recovered: %s", f)
          .isZero();
      assertThat(f.faults()).isNotEmpty();
    }
  }

  /**
   * kill -9 while job completions wait for their grouped flush: the every-second jobs fire on the
   * second and their short commands end within about a hundred milliseconds, so a kill 150 ms after
   * a second lands while their completions are queued or being written. A completion not flushed
   * looks to the survivors like a job still running; nothing may be lost, run twice silently, or
   * left in Quartz's tables.
   */
  @Test
  void kill_9_while_completions_wait_for_their_flush_loses_nothing_and_leaves_no_fired_row()
      throws Exception {
    try (LoadCluster cluster = cluster("kill-9-during-flush")) {
      cluster.startNodes().openWindow();
      List<String> ids = cluster.nodeIds();
      int next = 0;
      long unflushed = 0;
      for (Instant at : faultTimes(cluster, Duration.ofSeconds(7))) {
        LoadCluster.waitUntil(at.plusMillis(150));
        unflushed += cluster.completionsNotYetFlushed();
        String victim = ids.get(next++ % ids.size());
        cluster.kill(victim);
        cluster.restart(victim, Duration.ofSeconds(60));
      }
      Figures f = cluster.audit();
      assertDelivery(f);
      assertThat(f.faults()).isNotEmpty();
      assertThat(cluster.staleFiredRows(Duration.ofSeconds(20)))
          .as("fired-trigger rows left behind")
          .isZero();
      System.out.println(
          "kill-9-during-flush: fires whose run had ended but whose completion was not yet"
              + " written, summed over the kills: "
              + unflushed);
    }
  }

  @Test
  void a_node_paused_past_the_failure_threshold_is_a_visible_false_recovery() throws Exception {
    try (LoadCluster cluster = cluster("sigstop-sigcont")) {
      cluster.startNodes().openWindow();
      for (Instant at : faultTimes(cluster, Duration.ofSeconds(30))) {
        LoadCluster.waitUntil(at);
        cluster.pause("node-2");
        LoadCluster.waitUntil(at.plusSeconds(8));
        cluster.resume("node-2");
      }
      Figures f = cluster.audit();
      assertDelivery(f);
      assertThat(cluster.node("node-2").isAlive()).isTrue();
    }
  }

  @Test
  void a_graceful_stop_mid_run_finishes_its_attempts_and_hands_over_its_fires() throws Exception {
    try (LoadCluster cluster = cluster("graceful-stop")) {
      cluster.startNodes().openWindow();
      List<String> ids = cluster.nodeIds();
      int next = 0;
      for (Instant at : faultTimes(cluster, KILL_EVERY)) {
        LoadCluster.waitUntil(at);
        String stopping = ids.get(next++ % ids.size());
        // 143: the JVM's exit status after SIGTERM once its shutdown hook has run.
        assertThat(cluster.stopGracefully(stopping)).isIn(0, 143);
        cluster.start(stopping, Map.of());
      }
      Figures f = cluster.audit();
      assertDelivery(f);
      assertThat(f.unsuccessful()).as("nothing cancelled or abandoned: %s", f).isZero();
      assertThat(f.recoveries()).as("a clean stop needs no recovery: %s", f).isZero();
      assertThat(f.visibleDuplicates()).as(f.toString()).isZero();
    }
  }
}
