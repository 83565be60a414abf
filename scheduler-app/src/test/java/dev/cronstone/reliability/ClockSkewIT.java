package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clock skew under load: one node of three runs under libfaketime ({@code
 * FAKETIME_DONT_FAKE_MONOTONIC=1}), its wall clock ahead by 0.5 s or 3 s. Whatever the detector
 * makes of it, the ledger refuses duplicate runs and shows every execution. The figures (false
 * recoveries above all) are what docs/reliability.md reports.
 */
@Tag("reliability")
class ClockSkewIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir Path dir;

  @ParameterizedTest(name = "node-3 ahead by {0}")
  @ValueSource(strings = {"+0.5", "+3"})
  void a_node_whose_clock_is_ahead_never_causes_a_silent_duplicate(String offset) throws Exception {
    assumeTrue(
        Files.exists(Path.of(LoadCluster.LIBFAKETIME)),
        "libfaketime is not installed (apt-get install faketime; .ci/install-faketime)");
    String scenario = "clock-skew-" + offset.replace("+", "plus-");
    try (LoadCluster cluster =
        new LoadCluster(scenario, dir, DB.emptyDatabase().url(), Load.current())) {
      cluster.start("node-1", java.util.Map.of());
      cluster.start("node-2", java.util.Map.of());
      cluster.start("node-3", LoadCluster.fakeTime(offset));
      for (String id : cluster.nodeIds()) {
        cluster.node(id).awaitRunning(java.time.Duration.ofSeconds(120));
      }
      cluster.fault("clock " + offset + " s", "node-3", Instant.now());
      cluster.openWindow();
      Figures f = cluster.audit();
      assertThat(f.runs()).as("one run per intended fire: %s", f).isEqualTo(f.intended());
      assertThat(f.lost()).as("lost fires: %s", f).isZero();
      assertThat(f.notInLedger()).as("executions not in the ledger: %s", f).isZero();
      assertThat(f.notEnded()).as("runs or attempts not ended: %s", f).isZero();
    }
  }
}
