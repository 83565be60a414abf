package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misfires across real processes on PostgreSQL: a node runs a job of each policy every two seconds,
 * every node stops (SIGTERM) across several fire times, a node starts again, and the ledger shows
 * what each policy made of the missed fire times.
 */
class MisfireIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();
  private static final Pattern FIRED_AT =
      Pattern.compile("the trigger fired at (\\S+), past the misfire threshold");

  @TempDir Path dir;
  RunLedger ledger;
  final List<NodeProcess> processes = new ArrayList<>();

  @AfterEach
  void stopProcesses() throws Exception {
    for (NodeProcess p : processes) {
      p.close();
    }
  }

  @Test
  void every_node_stopped_across_several_fire_times_then_one_started_again() throws Exception {
    Path config = writeConfig();
    NodeProcess a = node("node-a", config).awaitRunning(Duration.ofSeconds(60));
    List<String> jobs = List.of("once", "skipper", "replayer", "windowed");
    await("every job runs on schedule")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jobs.stream()
                    .allMatch(
                        j -> runs(j).stream().filter(r -> r.status().terminal()).count() >= 2));
    a.stop(Duration.ofSeconds(60));
    Instant stopped = Instant.now();
    await("the cluster is down across several fire times")
        .pollDelay(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(13))
        .until(() -> true);
    node("node-b", config).awaitRunning(Duration.ofSeconds(60));
    await("each job handled its misfire and fires on schedule again")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                jobs.stream()
                    .allMatch(
                        j ->
                            resumed(j, stopped)
                                && runs(j).stream().allMatch(r -> r.status().terminal())));

    for (String job : jobs) {
      runs(job)
          .forEach(
              r ->
                  System.out.printf(
                      "%s %s %s %s created %s started %s %s%n",
                      r.id(),
                      r.kind().code(),
                      r.intendedFire(),
                      r.status().code(),
                      r.createdAt(),
                      r.startedAt().orElse(null),
                      r.error().map(e -> e.error().message()).orElse("")));
    }
    for (String job : jobs) {
      assertContiguous(job);
    }
    List<Run> once = missed("once", stopped);
    assertThat(once).hasSizeGreaterThanOrEqualTo(6);
    assertThat(once.subList(0, once.size() - 1)).allSatisfy(r -> assertSkipped(r, "fire_once_now"));
    Run late = once.get(once.size() - 1);
    assertThat(late.kind()).isEqualTo(RunKind.SCHEDULED);
    if (!metOverlap(late)) {
      assertThat(ledger.events(late.id(), 0, 100)).anyMatch(e -> e.type().equals("misfire.late"));
      assertThat(late.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(late.attempts()).isEqualTo(1);
    }

    List<Run> skipper = missed("skipper", stopped);
    assertThat(skipper)
        .hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(r -> assertSkipped(r, "misfire policy skip"));

    List<Run> replayer = missed("replayer", stopped);
    assertThat(replayer).hasSizeGreaterThanOrEqualTo(6);
    List<Run> replayed = replayer.subList(replayer.size() - 3, replayer.size());
    assertThat(replayed)
        .allSatisfy(
            r -> {
              assertThat(r.kind()).isEqualTo(RunKind.CATCH_UP);
              if (!metOverlap(r)) {
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
              }
            });
    assertThat(replayed.stream().flatMap(r -> r.startedAt().stream()).toList()).isSorted();
    assertThat(replayer.subList(0, replayer.size() - 3))
        .allSatisfy(r -> assertSkipped(r, "beyond maxCatchUp 3"));

    List<Run> windowed = missed("windowed", stopped);
    List<Run> windowSkips = windowed.stream().filter(r -> r.status() == RunStatus.SKIPPED).toList();
    List<Run> windowRuns = windowed.stream().filter(r -> r.kind() == RunKind.CATCH_UP).toList();
    assertThat(windowSkips)
        .isNotEmpty()
        .allSatisfy(r -> assertSkipped(r, "older than catchUpWindow PT5S"));
    assertThat(windowRuns)
        .hasSizeBetween(2, 3)
        .allMatch(r -> metOverlap(r) || r.status() == RunStatus.SUCCEEDED);
    assertThat(windowSkips.get(windowSkips.size() - 1).intendedFire())
        .isBefore(windowRuns.get(0).intendedFire());
    assertThat(windowRuns.stream().flatMap(r -> r.startedAt().stream()).toList()).isSorted();

    System.out.printf(
        "misfire: missed once=%d skipper=%d replayer=%d (3 replayed) windowed=%d (%d replayed)%n",
        once.size(), skipper.size(), replayer.size(), windowed.size(), windowRuns.size());
  }

  private Path writeConfig() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    String every2s =
        "schedule: { cron: \"*/2 * * * * ?\", timezone: UTC, misfire: %s }\n"
            + "task: { type: builtin, name: echo, args: { message: hi } }\n";
    Files.writeString(jobs.resolve("once.yaml"), "id: once\n" + every2s.formatted("fire_once_now"));
    Files.writeString(jobs.resolve("skipper.yaml"), "id: skipper\n" + every2s.formatted("skip"));
    Files.writeString(
        jobs.resolve("replayer.yaml"),
        "id: replayer\n" + every2s.formatted("catch_up, catchUpWindow: PT1M, maxCatchUp: 3"));
    Files.writeString(
        jobs.resolve("windowed.yaml"),
        "id: windowed\n" + every2s.formatted("catch_up, catchUpWindow: PT5S, maxCatchUp: 100"));
    TestDatabase db = DB.emptyDatabase();
    ledger = new RunLedger(db.dataSource(), Clock.systemUTC());
    Path config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "", password: "" }
        cluster: { enabled: true, nodeId: AUTO, checkinInterval: PT1S }
        scheduler: { misfireThreshold: PT1S, shutdownGrace: PT2S, threads: 8 }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: it-api-token }
        """
            .formatted(db.url(), jobs, dir.resolve("runs")));
    return config;
  }

  private NodeProcess node(String id, Path config) throws Exception {
    NodeProcess node = NodeProcess.serve(id, config, dir, Map.of());
    processes.add(node);
    return node;
  }

  private List<Run> runs(String job) {
    List<Run> runs = new ArrayList<>(ledger.history(job, 10_000, Optional.empty()));
    runs.sort(Comparator.comparing(Run::intendedFire));
    return runs;
  }

  /** The fire that carried the missed fire times, as the skipped runs of the outage name it. */
  /**
   * Whether a run the misfire policy started was skipped by the overlap policy instead: when the
   * node comes back just before a fire time, that fire's run can begin before the misfire's late or
   * catch-up runs do, and with {@code maxConcurrent: 1} and {@code overlap: skip} (the defaults) a
   * run that finds it still running is skipped, as any fire of a busy job is (docs/policies.md).
   */
  private static boolean metOverlap(Run r) {
    if (r.status() != RunStatus.SKIPPED) {
      return false;
    }
    assertThat(r.error().orElseThrow().error().code()).isEqualTo("job_skipped_overlap");
    return true;
  }

  private Optional<Instant> handled(String job, Instant stopped) {
    return runs(job).stream()
        .filter(r -> r.intendedFire().isAfter(stopped.minusSeconds(3)))
        .flatMap(r -> r.error().stream())
        .map(e -> FIRED_AT.matcher(e.error().message()))
        .filter(Matcher::find)
        .map(m -> Instant.parse(m.group(1)))
        .findFirst();
  }

  /** A fire after the misfire's fire: the schedule goes on. */
  private boolean resumed(String job, Instant stopped) {
    Optional<Instant> handled = handled(job, stopped);
    return handled.isPresent()
        && runs(job).stream()
            .anyMatch(
                r ->
                    r.intendedFire().isAfter(handled.get().plusSeconds(2))
                        && r.status().terminal());
  }

  /**
   * The runs of the fire times missed while the cluster was down (up to the misfire's fire), oldest
   * first.
   */
  private List<Run> missed(String job, Instant stopped) {
    Instant lastBefore =
        runs(job).stream()
            .map(Run::intendedFire)
            .filter(at -> at.isBefore(stopped))
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Instant handled = handled(job, stopped).orElseThrow();
    return runs(job).stream()
        .filter(r -> r.intendedFire().isAfter(lastBefore) && !r.intendedFire().isAfter(handled))
        .toList();
  }

  /** Every two-second fire time from the first run to the last is in the ledger exactly once. */
  private void assertContiguous(String job) {
    List<Instant> fires = runs(job).stream().map(Run::intendedFire).toList();
    assertThat(fires).as(job).doesNotHaveDuplicates();
    for (int i = 1; i < fires.size(); i++) {
      assertThat(Duration.between(fires.get(i - 1), fires.get(i)))
          .as(job + " after " + fires.get(i - 1))
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  private static void assertSkipped(Run run, String why) {
    assertThat(run.status()).as(run.id().toString()).isEqualTo(RunStatus.SKIPPED);
    assertThat(run.attempts()).isZero();
    assertThat(run.error().orElseThrow().error().code()).isEqualTo("job_skipped_misfire");
    assertThat(run.error().orElseThrow().error().message()).contains(why);
  }
}
