package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.testing.NodeProcess;
import dev.cronstone.testing.PgCluster;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database faults under load, on a PostgreSQL cluster of the test's own: a restart of the server
 * (down for five seconds), then every node's connections dropped with {@code pg_terminate_backend},
 * then a crash of the server (an immediate stop: no shutdown checkpoint, recovery from the
 * write-ahead log), back after three seconds. The nodes recover without a restart, nothing is lost,
 * no fire runs twice, every execution is an attempt, no run stays running, and {@code jobs store
 * repair} finds nothing stuck.
 */
@Tag("reliability")
class DatabaseFaultsIT {
  @TempDir Path dir;

  @Test
  void nodes_ride_out_a_postgres_restart_and_dropped_connections() throws Exception {
    assumeTrue(PgCluster.unavailable().isEmpty(), () -> PgCluster.unavailable().orElseThrow());
    try (PgCluster pg = PgCluster.create();
        LoadCluster cluster =
            new LoadCluster(
                "database-faults", dir, pg.createDatabase("cronstone"), Load.current())) {
      cluster.startNodes().openWindow();
      long window = cluster.load().window().toSeconds();
      cluster.waitIntoWindow(window / 5);
      cluster.fault("postgres stop", Audit.STORE + "-down", Instant.now());
      pg.stop();
      LoadCluster.waitUntil(Instant.now().plusSeconds(5));
      pg.start();
      cluster.fault("postgres back", Audit.STORE, Instant.now());

      cluster.waitIntoWindow(window * 3 / 5);
      int dropped = pg.terminateBackends("cronstone-");
      cluster.fault("pg_terminate_backend x" + dropped, Audit.STORE, Instant.now());

      cluster.waitIntoWindow(window * 4 / 5);
      cluster.fault("postgres crash", Audit.STORE + "-down", Instant.now());
      pg.crash();
      LoadCluster.waitUntil(Instant.now().plusSeconds(3));
      pg.start();
      cluster.fault("postgres back after the crash", Audit.STORE, Instant.now());

      Figures f = cluster.audit();
      for (String id : cluster.nodeIds()) {
        assertThat(cluster.node(id).isAlive()).as(id + " still running").isTrue();
      }
      assertThat(f.lost()).as("lost fires: %s", f).isZero();
      assertThat(f.notInLedger()).as("executions not in the ledger: %s", f).isZero();
      assertThat(f.notEnded()).as("runs or attempts left running: %s", f).isZero();
      assertThat(f.runs()).as("one run per intended fire: %s", f).isEqualTo(f.intended());
      assertThat(f.visibleDuplicates()).as("fires executed twice: %s", f).isZero();

      NodeProcess.Result repair = cluster.storeRepair();
      assertThat(repair.exit()).as(repair.output()).isZero();
      JsonNode report = new ObjectMapper().readTree(json(repair.output()));
      assertThat(report.path("fixes").size()).as("stuck triggers: %s", repair.output()).isZero();
    }
  }

  /** The JSON document of a CLI's output (its log lines, if any, come first). */
  private static String json(String output) {
    return output.substring(output.indexOf('{'));
  }
}
