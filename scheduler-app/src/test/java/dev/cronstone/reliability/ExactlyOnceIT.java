package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under load, no faults: every intended fire instant of the window has exactly one
 * run, executed once, and every execution the jobs wrote is an attempt in the ledger.
 */
@Tag("reliability")
class ExactlyOnceIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir Path dir;

  @Test
  void every_intended_fire_runs_exactly_once_and_the_ledger_agrees() throws Exception {
    try (LoadCluster cluster =
        new LoadCluster("exactly-once", dir, DB.emptyDatabase().url(), Load.current())) {
      cluster.startNodes().openWindow();
      Figures f = cluster.audit();
      assertThat(f.lost()).as("lost fires: %s", f).isZero();
      assertThat(f.runs()).as("runs: %s", f).isEqualTo(f.intended());
      assertThat(f.notInLedger()).as("executions not in the ledger: %s", f).isZero();
      assertThat(f.notEnded()).as("runs not ended: %s", f).isZero();
      assertThat(f.visibleDuplicates()).as("executed twice without a fault: %s", f).isZero();
      assertThat(f.falseRecoveries()).as(f.toString()).isZero();
      assertThat(f.executions()).as("one execution a run: %s", f).isEqualTo(f.runs() - f.skipped());
    }
  }
}
