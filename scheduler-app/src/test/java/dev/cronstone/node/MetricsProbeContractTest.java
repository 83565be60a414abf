package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.config.MetricsConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.ledger.Admission;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.NodeMetrics;
import dev.cronstone.metrics.StoreErrors;
import dev.cronstone.model.Overlap;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.Exposition;
import dev.cronstone.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cached store gauges (cluster nodes, queue depth) and the store error counter, read from a
 * real store (run once per database by the subclasses).
 */
abstract class MetricsProbeContractTest {
  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(1);

  final MutableClock clock = new MutableClock(T0);
  NodeMetrics metrics;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createMetrics() {
    metrics = NodeMetrics.create(MetricsConfig.defaults(), "node-a", 4);
  }

  @AfterEach
  void closeMetrics() {
    metrics.close();
  }

  NodeRegistry registry() {
    return new NodeRegistry(db().database().dataSource(), INTERVAL);
  }

  Exposition scrape() {
    return Exposition.parse(metrics.scrape());
  }

  @Test
  void nodes_by_state_and_the_runs_waiting_for_a_slot_come_from_the_store() {
    registry().register("gone", true, T0.minus(Duration.ofHours(1)));
    NodeRegistry stopped = registry();
    stopped.register("stopped", true, T0.minusSeconds(5));
    stopped.deregister(T0.minusSeconds(4));
    NodeRegistry self = registry();
    self.register("node-a", true, T0);
    RunLedger ledger = new RunLedger(db().database().dataSource(), clock);
    Run first = ledger.openManual("q", RunKind.MANUAL, T0, Optional.empty(), "tester");
    Run second = ledger.openManual("q", RunKind.MANUAL, T0, Optional.empty(), "tester");
    ledger.admit(first.id(), 1, Overlap.QUEUE, "node-a");
    assertThat(ledger.admit(second.id(), 1, Overlap.QUEUE, "node-a").decision())
        .isEqualTo(Admission.Decision.WAITING);

    Exposition before = scrape();
    assertThat(before.value("cronstone_cluster_nodes", Map.of("state", "alive"))).isNaN();
    metrics.refreshStore(() -> MetricsProbe.read(self, ledger, clock));

    Exposition e = scrape();
    assertThat(e.value("cronstone_cluster_nodes", Map.of("state", "alive"))).isEqualTo(1);
    assertThat(e.value("cronstone_cluster_nodes", Map.of("state", "dead"))).isEqualTo(1);
    assertThat(e.value("cronstone_cluster_nodes", Map.of("state", "stopped"))).isEqualTo(1);
    assertThat(e.value("cronstone_queue_depth", Map.of())).isEqualTo(1);
  }

  @Test
  void the_last_success_is_the_end_of_the_newest_succeeded_run() {
    RunLedger ledger = new RunLedger(db().database().dataSource(), clock);
    assertThat(MetricsProbe.lastSuccess(ledger, "job")).isEmpty();
    Instant ended = T0;
    for (RunStatus status : List.of(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.FAILED)) {
      clock.advance(Duration.ofMinutes(1));
      Run run = ledger.openManual("job", RunKind.MANUAL, clock.instant(), Optional.empty(), "t");
      ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-a");
      ledger.finishAttempt(run.id(), 1, status, Optional.empty(), "done");
      ledger.finish(run.id(), status, Optional.empty(), Optional.empty());
      ended = status == RunStatus.SUCCEEDED ? clock.instant() : ended;
    }
    assertThat(MetricsProbe.lastSuccess(ledger, "job")).contains(ended);
  }

  @Test
  void a_store_that_fails_counts_a_store_error_and_makes_the_store_gauges_unknown() {
    NodeRegistry self = registry();
    self.register("node-a", true, T0);
    RunLedger ledger = new RunLedger(db().database().dataSource(), clock);
    metrics.refreshStore(() -> MetricsProbe.read(self, ledger, clock));
    assertThat(scrape().value("cronstone_queue_depth", Map.of())).isZero();
    double errors = scrape().value("cronstone_store_errors_total", Map.of("source", "ledger"));

    RunLedger broken = new RunLedger(failing(), clock);
    Assertions.assertThatThrownBy(broken::waitingForSlot).isInstanceOf(CronstoneException.class);
    metrics.refreshStore(() -> MetricsProbe.read(self, broken, clock));

    Exposition e = scrape();
    assertThat(e.value("cronstone_store_errors_total", Map.of("source", "ledger")))
        .isGreaterThanOrEqualTo(errors + 2);
    assertThat(StoreErrors.count(StoreErrors.Source.LEDGER)).isGreaterThanOrEqualTo(2);
    assertThat(e.value("cronstone_queue_depth", Map.of())).isNaN();
    assertThat(e.value("cronstone_cluster_nodes", Map.of("state", "alive"))).isNaN();
    assertThat(e.labelValues("cronstone_store_errors_total", "source"))
        .isEqualTo(new java.util.TreeSet<>(List.of("ledger", "quartz", "registry", "service")));
  }

  @Test
  void the_scrape_has_the_jvm_and_process_basics() {
    Exposition e = scrape();
    assertThat(e.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
    assertThat(e.find("jvm_threads_live_threads", Map.of())).isNotEmpty();
    assertThat(e.find("process_uptime_seconds", Map.of())).isNotEmpty();
    assertThat(e.value("cronstone_attempts_capacity", Map.of("node", "node-a"))).isEqualTo(4);
  }

  /** A real data source on a database that does not exist: every connection fails. */
  private static DataSource failing() {
    org.h2.jdbcx.JdbcDataSource missing = new org.h2.jdbcx.JdbcDataSource();
    missing.setURL("jdbc:h2:file:./target/no-such-dir/no-such-db;IFEXISTS=TRUE");
    return missing;
  }
}
