package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.NodeProcess;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill across real processes on one PostgreSQL database: two {@code jobs backfill} processes
 * ask for the same range at once, and two clustered node processes run the backfill. How many
 * executions ran at once is read from the task's own trace (a file each execution appends its start
 * and end to).
 */
class BackfillIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path config;
  Path trace;
  RunLedger ledger;
  final List<NodeProcess> processes = new ArrayList<>();

  @BeforeEach
  void writeJobs() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    trace = dir.resolve("yearly.trace");
    Files.writeString(
        jobs.resolve("yearly.yaml"),
        """
        id: yearly
        schedule: { cron: "0 0 1 1 *", timezone: Europe/Berlin }
        task:
          type: command
          command: ["/bin/sh", "-c", "echo \\"start $(date +%%s%%N)\\" >> %s; sleep 1; echo \\"end $(date +%%s%%N)\\" >> %s"]
        limits: { timeout: PT1M, maxConcurrent: 2 }
        """
            .formatted(trace, trace));
    TestDatabase db = DB.emptyDatabase();
    config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "", password: "" }
        cluster: { enabled: true, nodeId: AUTO, checkinInterval: PT1S }
        scheduler: { shutdownGrace: PT2S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: it-api-token }
        """
            .formatted(db.url(), jobs, dir.resolve("runs")));
    ledger = new RunLedger(db.dataSource(), Clock.systemUTC());
  }

  @AfterEach
  void stopProcesses() throws Exception {
    for (NodeProcess p : processes) {
      p.close();
    }
  }

  @Test
  void two_processes_backfill_each_instant_once_and_two_nodes_run_at_most_max_concurrent()
      throws Exception {
    NodeProcess a = NodeProcess.serve("node-a", config, dir, Map.of());
    processes.add(a);
    a.awaitRunning(Duration.ofSeconds(60));
    List<NodeProcess> asks = new ArrayList<>();
    for (String name : List.of("cli-1", "cli-2")) {
      NodeProcess ask =
          NodeProcess.start(
              name,
              dir,
              Map.of(),
              "--config",
              config.toString(),
              "--output",
              "json",
              "backfill",
              "yearly",
              "--from",
              "2000-01-01T00:00:00Z",
              "--to",
              "2010-01-01T00:00:00Z");
      processes.add(ask);
      asks.add(ask);
    }
    NodeProcess b = NodeProcess.serve("node-b", config, dir, Map.of());
    processes.add(b);
    int created = 0;
    for (NodeProcess ask : asks) {
      assertThat(ask.awaitExit(Duration.ofSeconds(120))).as(ask.output()).isZero();
      created += JSON.readTree(ask.output()).path("created").size();
    }
    // midnight of 1 January in Berlin is 23:00Z the day before: [2000-01-01Z, 2010-01-01Z) holds
    // that of 2001 … 2010, each once
    assertThat(created).isEqualTo(10);

    await("every backfill run has ended")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> runs().size() == 10 && runs().stream().allMatch(r -> r.status().terminal()));

    assertThat(runs())
        .allSatisfy(
            r -> {
              assertThat(r.kind()).isEqualTo(RunKind.BACKFILL);
              assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            });
    assertThat(runs().stream().map(Run::intendedFire).distinct()).hasSize(10);
    assertThat(runs().stream().map(Run::intendedFire).min(Instant::compareTo))
        .contains(Instant.parse("2000-12-31T23:00:00Z"));
    List<String> lines = Files.readAllLines(trace);
    assertThat(lines).hasSize(20);
    int running = 0;
    int most = 0;
    List<long[]> points = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.split(" ");
      points.add(new long[] {Long.parseLong(parts[1]), parts[0].equals("start") ? 1 : -1});
    }
    points.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    for (long[] p : points) {
      running += (int) p[1];
      most = Math.max(most, running);
    }
    assertThat(most).as("executions at once, from the tasks' own trace").isBetween(1, 2);
  }

  private List<Run> runs() {
    return ledger.history("yearly", 1000, Optional.empty());
  }
}
