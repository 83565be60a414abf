package dev.cronstone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code after} across real node processes killed with kill -9 at the moments the upstream runs end
 * (docs/runs.md, "After another job"): three nodes on one PostgreSQL database; {@code up} fires
 * every two seconds ({@code recover: false}, so a run whose node dies is abandoned for good), its
 * command fails for every other fire and, 100 ms before it exits, drops a mark naming the node that
 * runs it; {@code on-success}, {@code on-failure} and {@code on-always} run after it. The test
 * kills the node named by a fresh mark at once or a little later (so that the kill falls before,
 * during or after the end's commit), restarts it in the background (at most two nodes are down at
 * once), and after about 60 s audits the ledger: each ended run of {@code up} has exactly the
 * downstream runs its end qualifies for, one each, a run not ended has none, and every downstream
 * run ran.
 */
@Tag("reliability")
class AfterFaultsIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  private static final Duration KILLING = Duration.ofSeconds(60);

  /**
   * How long after a mark the kill goes in: the task exits about 100 ms after its mark, and its end
   * is written just after, so the first kills land before the end's commit (the run is abandoned),
   * the last ones around or after it (its downstream runs are queued, started by any node).
   */
  private static final long[] KILL_DELAYS_MS = {0, 60, 120, 160, 250};

  private static final List<String> DOWNSTREAM = List.of("on-success", "on-failure", "on-always");

  @TempDir Path dir;

  @Test
  void each_qualifying_end_starts_exactly_one_downstream_run_through_kill_9_at_the_end()
      throws Exception {
    Load load = new Load(3, 0, 0, KILLING, Duration.ofSeconds(60));
    try (LoadCluster cluster =
        new LoadCluster("after-kill-9", dir, DB.emptyDatabase().url(), load)) {
      Path marks = Files.createDirectories(dir.resolve("marks"));
      writeJobs(dir.resolve("jobs"), marks);
      cluster.startNodes();
      Instant until = Instant.now().plus(KILLING);
      Set<String> seen = new HashSet<>();
      Set<String> down = ConcurrentHashMap.newKeySet();
      ExecutorService restarts = Executors.newSingleThreadExecutor();
      List<Future<?>> restarted = new ArrayList<>();
      int kills = 0;
      try {
        while (Instant.now().isBefore(until)) {
          String node = Files.readString(awaitNewMark(marks, seen)).trim();
          LoadCluster.waitUntil(
              Instant.now().plusMillis(KILL_DELAYS_MS[kills % KILL_DELAYS_MS.length]));
          // at most two nodes down at once: one always runs; the others restart meanwhile
          if (down.size() >= 2 || down.contains(node) || !cluster.node(node).isAlive()) {
            continue;
          }
          cluster.kill(node);
          kills++;
          down.add(node);
          restarted.add(
              restarts.submit(
                  () -> {
                    cluster.restart(node, Duration.ofSeconds(60));
                    down.remove(node);
                    return null;
                  }));
        }
        for (Future<?> restart : restarted) {
          restart.get(4, TimeUnit.MINUTES);
        }
      } finally {
        restarts.shutdownNow();
      }
      NodeProcess.Result paused =
          NodeProcess.run(dir, "pause-up", "--config", cluster.config().toString(), "pause", "up");
      assertThat(paused.exit()).as(paused.output()).isZero();
      await("every run of up and its downstream runs ended")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> notEnded(cluster) == 0);

      List<Row> ups =
          rows(cluster, "SELECT run_no, status, attempts FROM cs_run WHERE job_id = 'up'");
      Map<String, List<Row>> downstream = new TreeMap<>();
      for (String job : DOWNSTREAM) {
        downstream.put(
            job,
            rows(
                cluster,
                "SELECT upstream_run_no, status, attempts FROM cs_run WHERE job_id = '"
                    + job
                    + "' AND kind = 'after'"));
      }
      Map<String, Long> byStatus = new TreeMap<>();
      ups.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
      System.out.printf(
          "after-kill-9: %d kills; runs of up by status %s; downstream runs %s%n",
          kills,
          byStatus,
          downstream.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());

      assertThat(kills).as("kills").isGreaterThanOrEqualTo(4);
      assertThat(byStatus.getOrDefault("succeeded", 0L)).isPositive();
      assertThat(byStatus.getOrDefault("failed", 0L)).isPositive();
      assertThat(byStatus.getOrDefault("abandoned", 0L))
          .as("runs of up killed before their end (the kills 0 ms after a mark)")
          .isPositive();
      for (String job : DOWNSTREAM) {
        List<Row> runs = downstream.get(job);
        assertThat(runs)
            .as("every queued run of %s ran and ended", job)
            .allSatisfy(
                r -> {
                  assertThat(r.attempts()).isPositive();
                  assertThat(r.status()).isIn("succeeded", "abandoned", "cancelled");
                });
        Map<Long, Long> perUpstream = new TreeMap<>();
        runs.forEach(r -> perUpstream.merge(r.runNo(), 1L, Long::sum));
        assertThat(perUpstream.values())
            .as("runs of %s per upstream run", job)
            .allMatch(n -> n == 1);
        List<Long> expected = new ArrayList<>();
        for (Row up : ups) {
          if (qualifies(up, job)) {
            expected.add(up.runNo());
          }
        }
        assertThat(perUpstream.keySet())
            .as("upstream runs of %s's runs (runs of up: %s)", job, ups)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  /** The test's own reading of docs/runs.md, "Which ends qualify". */
  private static boolean qualifies(Row up, String job) {
    boolean ran = up.attempts() > 0;
    boolean succeeded = up.status().equals("succeeded");
    boolean failed =
        ran && Set.of("failed", "timed_out", "cancelled", "abandoned").contains(up.status());
    return switch (job) {
      case "on-success" -> succeeded;
      case "on-failure" -> failed;
      default -> succeeded || failed;
    };
  }

  private static void writeJobs(Path jobs, Path marks) throws IOException {
    // Fails when the fire's second / 2 is odd: fires at :00, :04, :08 … succeed, :02, :06 … fail.
    Files.writeString(
        jobs.resolve("up.yaml"),
        """
        id: up
        schedule: { cron: "*/2 * * * * ?", timezone: UTC }
        recover: false
        task:
          type: command
          command: ["/bin/sh", "-c", "sleep 0.2; echo $1 > %s/$0; sleep 0.1; [ $(expr $(echo $0 | cut -c18-19) / 2 %% 2) -eq 0 ]", "${fireTime}", "${nodeId}"]
        limits: { timeout: PT30S, maxConcurrent: 2 }
        """
            .formatted(marks));
    for (String job : DOWNSTREAM) {
      String on = job.substring(3);
      Files.writeString(
          jobs.resolve(job + ".yaml"),
          """
          id: %s
          after: [{job: up, on: %s}]
          task: { type: command, command: ["/bin/sh", "-c", "echo ${upstreamRunId} > /dev/null"] }
          limits: { timeout: PT30S, maxConcurrent: 4 }
          """
              .formatted(job, on));
    }
  }

  private static Path awaitNewMark(Path marks, Set<String> seen) {
    List<Path> found = new ArrayList<>();
    await("a run of up ending")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              try (Stream<Path> all = Files.list(marks)) {
                all.filter(p -> !seen.contains(p.getFileName().toString()))
                    .filter(p -> p.toFile().length() > 0)
                    .findFirst()
                    .ifPresent(found::add);
              }
              return !found.isEmpty();
            });
    seen.add(found.get(0).getFileName().toString());
    return found.get(0);
  }

  private static long notEnded(LoadCluster cluster) throws SQLException {
    try (Connection c = cluster.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM cs_run WHERE status IN ('queued', 'running')"
                    + " AND job_id IN ('up', 'on-success', 'on-failure', 'on-always')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Row> rows(LoadCluster cluster, String sql) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = cluster.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getInt(3)));
      }
    }
    return rows;
  }

  /** A run: its number (for a downstream run, its upstream run's), status and attempts. */
  private record Row(long runNo, String status, int attempts) {}
}
