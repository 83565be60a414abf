package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk fault under load: the artifacts folder is replaced by a regular file (root ignores {@code
 * chmod}), so no artifact can be written, then put back. Runs are still recorded in the ledger,
 * each failure is noted as an {@code artifacts.failed} event, and every node keeps running.
 */
@Tag("reliability")
class DiskFaultIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir Path dir;

  @Test
  void runs_are_recorded_and_the_failure_noted_while_artifacts_cannot_be_written()
      throws Exception {
    try (LoadCluster cluster =
        new LoadCluster("disk-fault", dir, DB.emptyDatabase().url(), Load.current())) {
      cluster.startNodes().openWindow();
      long window = cluster.load().window().toSeconds();
      Path runs = dir.resolve("runs");
      cluster.waitIntoWindow(window / 5);
      Files.move(runs, dir.resolve("runs.moved"));
      Files.writeString(runs, "not a folder\n");
      cluster.fault("artifacts dir is a file", "disk", Instant.now());
      cluster.waitIntoWindow(window * 3 / 5);
      Files.delete(runs);
      cluster.fault("artifacts dir back", "disk", Instant.now());

      Figures f = cluster.audit();
      for (String id : cluster.nodeIds()) {
        assertThat(cluster.node(id).isAlive()).as(id + " still running").isTrue();
      }
      assertThat(f.runs()).as("one run per intended fire: %s", f).isEqualTo(f.intended());
      assertThat(f.lost()).as("lost fires: %s", f).isZero();
      assertThat(f.notInLedger()).as("executions not in the ledger: %s", f).isZero();
      assertThat(f.notEnded()).as("runs or attempts not ended: %s", f).isZero();
      long failed = cluster.events("artifacts.failed");
      System.out.println("disk-fault: artifacts.failed events: " + failed);
      assertThat(failed).as("artifact failures noted").isPositive();
      assertThat(Files.isDirectory(runs)).as("artifacts written again afterwards").isTrue();
    }
  }
}
