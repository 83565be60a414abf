package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.testing.DatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * maxConcurrent and overlap at the driver, on a real ledger (run once per database by the
 * subclasses). Two drivers with different owners on one database stand for two nodes; a run's first
 * attempt runs on a pool thread, as on a node's Quartz worker.
 */
abstract class OverlapContractTest {
  final List<RunId> slotTriggers = new CopyOnWriteArrayList<>();

  /** What a slot trigger does besides being recorded: nothing, or (race tests) a fire on a node. */
  volatile Consumer<RunId> onSlot = id -> {};

  @TempDir Path artifacts;
  RunLedger ledger;
  RunDriver nodeA;
  RunDriver nodeB;
  ExecutorService pool;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createDrivers() {
    ledger = new RunLedger(db().database().dataSource(), Clock.systemUTC());
    nodeA = driver("node-a");
    nodeB = driver("node-b");
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    nodeA.stopAll();
    nodeB.stopAll();
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }

  RunDriver driver(String owner) {
    ArtifactWriter writer =
        new ArtifactWriter(
            new ArtifactsConfig(
                artifacts, 4096, new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER);
    return new RunDriver(
        owner,
        ledger,
        new TaskExecutor(name -> Optional.empty(), 4096),
        writer,
        name -> Optional.empty(),
        RetryTrigger.IN_PROCESS,
        id -> {
          slotTriggers.add(id);
          onSlot.accept(id);
        },
        Clock.systemUTC());
  }

  JobSpec job(int maxConcurrent, String overlap, String sleep) {
    String yaml =
        "id: busy\ntask: { type: builtin, name: sleep, args: { duration: "
            + sleep
            + " } }\n"
            + "limits: { maxConcurrent: "
            + maxConcurrent
            + ", overlap: "
            + overlap
            + " }\n";
    return new SpecLoader(Clock.systemUTC())
        .parse("busy.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  /**
   * A manual run of the job, started on {@code node} in the background; returns once it is decided.
   */
  RunId startOn(RunDriver node, JobSpec spec) {
    Run run =
        ledger.openManual(spec.id(), RunKind.MANUAL, Instant.now(), Optional.empty(), "tester");
    pool.submit(() -> node.run(spec, run, AttemptKind.FIRST));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ledger.run(run.id()).orElseThrow().status() != RunStatus.QUEUED
                    || types(run.id()).contains("overlap.queued"));
    return run.id();
  }

  /**
   * A fire of a queued run's trigger (manual run, or the waiting run's slot trigger) on {@code
   * node}.
   */
  void fire(RunDriver node, JobSpec spec, RunId run) {
    pool.submit(
        () -> {
          node.fired(spec, new FireRequest(Instant.now(), OptionalLong.of(run.runNo()), false));
          return null;
        });
  }

  Run run(RunId id) {
    return ledger.run(id).orElseThrow();
  }

  List<String> types(RunId id) {
    return ledger.events(id, 0, 1000).stream().map(RunEvent::type).toList();
  }

  String message(RunId id) {
    return run(id).error().orElseThrow().error().message();
  }

  /**
   * Ends a running run the way an operator does: a cancel request its owner acts on at its
   * heartbeat.
   */
  void cancel(RunId id) {
    ledger.requestCancel(id, "tester");
    nodeA.stopCancelled();
    nodeB.stopCancelled();
    await().atMost(Duration.ofSeconds(20)).until(() -> run(id).status().terminal());
  }

  void assertSkippedForOverlap(RunId id) {
    assertThat(run(id).status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(run(id).error().orElseThrow().error().code()).isEqualTo("job_skipped_overlap");
    assertThat(run(id).attempts()).isZero();
    assertThat(types(id)).contains("overlap.skipped");
  }

  @Test
  void skip_with_max_one_records_the_second_run_skipped_and_names_the_run_that_holds_the_slot() {
    JobSpec spec = job(1, "skip", "PT60S");
    RunId first = startOn(nodeA, spec);
    RunId second = startOn(nodeB, spec);
    assertThat(run(first).status()).isEqualTo(RunStatus.RUNNING);
    assertSkippedForOverlap(second);
    assertThat(message(second)).contains("maxConcurrent 1 reached: " + first + " running");
    cancel(first);
    assertThat(slotTriggers).isEmpty();
    RunId third = startOn(nodeB, spec);
    assertThat(run(third).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void skip_with_max_two_runs_two_at_once_and_skips_the_third() {
    JobSpec spec = job(2, "skip", "PT60S");
    RunId first = startOn(nodeA, spec);
    RunId second = startOn(nodeB, spec);
    RunId third = startOn(nodeA, spec);
    assertThat(List.of(run(first).status(), run(second).status())).containsOnly(RunStatus.RUNNING);
    assertSkippedForOverlap(third);
    assertThat(message(third))
        .contains("maxConcurrent 2 reached: " + first + ", " + second + " running");
  }

  @Test
  void
      queue_with_max_one_keeps_one_waiting_run_skips_a_further_one_and_starts_the_waiting_one_when_a_slot_frees() {
    JobSpec spec = job(1, "queue", "PT60S");
    RunId first = startOn(nodeA, spec);
    RunId waiting = startOn(nodeB, spec);
    RunId third = startOn(nodeB, spec);
    assertThat(run(waiting).status()).isEqualTo(RunStatus.QUEUED);
    assertThat(types(waiting)).contains("overlap.queued");
    assertSkippedForOverlap(third);
    assertThat(message(third))
        .contains("run " + waiting + " is already waiting")
        .contains("at most one waiting run");
    // A fire of the waiting run while the slot is still taken leaves it waiting.
    fire(nodeA, spec, waiting);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> run(waiting).status() == RunStatus.QUEUED);
    cancel(first);
    await().atMost(Duration.ofSeconds(10)).until(() -> slotTriggers.contains(waiting));
    fire(nodeB, spec, waiting);
    await().atMost(Duration.ofSeconds(10)).until(() -> run(waiting).status() == RunStatus.RUNNING);
    assertThat(types(waiting)).contains("overlap.queued", "overlap.started", "attempt.started");
    assertThat(ledger.attempts(waiting)).extracting(Attempt::owner).containsExactly("node-b");
  }

  @Test
  void queue_with_max_two_waits_behind_two_running_runs() {
    JobSpec spec = job(2, "queue", "PT60S");
    RunId first = startOn(nodeA, spec);
    RunId second = startOn(nodeB, spec);
    RunId waiting = startOn(nodeA, spec);
    RunId fourth = startOn(nodeB, spec);
    assertThat(run(waiting).status()).isEqualTo(RunStatus.QUEUED);
    assertSkippedForOverlap(fourth);
    cancel(second);
    await().atMost(Duration.ofSeconds(10)).until(() -> slotTriggers.contains(waiting));
    fire(nodeA, spec, waiting);
    await().atMost(Duration.ofSeconds(10)).until(() -> run(waiting).status() == RunStatus.RUNNING);
    assertThat(run(first).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void
      replace_with_max_one_cancels_the_running_run_as_superseded_on_its_own_node_and_starts_the_new_one_at_once() {
    JobSpec spec = job(1, "replace", "PT60S");
    RunId old = startOn(nodeA, spec);
    RunId replacement = startOn(nodeB, spec);
    assertThat(run(replacement).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(types(replacement)).contains("overlap.replaced");
    assertThat(ledger.cancelRequest(old).orElseThrow().reason()).isEqualTo("superseded");
    assertThat(nodeA.stopCancelled()).containsExactly(old); // its owner's heartbeat stops it
    await().atMost(Duration.ofSeconds(10)).until(() -> run(old).status().terminal());
    assertThat(run(old).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run(old).reason()).contains("superseded");
    assertThat(run(old).error().orElseThrow().error().code()).isEqualTo("job_cancelled");
    assertThat(ledger.attempts(old))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).contains(RunStatus.CANCELLED));
    assertThat(run(replacement).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void replace_with_max_two_supersedes_the_oldest_running_run_only() {
    JobSpec spec = job(2, "replace", "PT60S");
    RunId oldest = startOn(nodeA, spec);
    RunId second = startOn(nodeB, spec);
    RunId third = startOn(nodeB, spec);
    assertThat(run(third).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(ledger.cancelRequest(oldest)).isPresent();
    assertThat(ledger.cancelRequest(second)).isEmpty();
    nodeA.stopCancelled();
    await().atMost(Duration.ofSeconds(10)).until(() -> run(oldest).status().terminal());
    assertThat(run(oldest).reason()).contains("superseded");
    assertThat(run(second).status()).isEqualTo(RunStatus.RUNNING);
    // The superseded run gave its slot up: a fourth run replaces the (now) oldest, second.
    RunId fourth = startOn(nodeA, spec);
    assertThat(run(fourth).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(ledger.cancelRequest(second).orElseThrow().reason()).isEqualTo("superseded");
  }

  @Test
  void many_threads_on_two_nodes_never_run_more_than_max_concurrent_with_skip() throws Exception {
    assertNoRace(job(2, "skip", "PT0.03S"), 2);
  }

  @Test
  void many_threads_on_two_nodes_never_run_more_than_max_concurrent_with_queue() throws Exception {
    JobSpec spec = job(1, "queue", "PT0.03S");
    onSlot =
        id ->
            fire(
                id.runNo() % 2 == 0 ? nodeA : nodeB,
                spec,
                id); // the waiting run's trigger fires on a node
    assertNoRace(spec, 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ledger.history("busy", 1000, Optional.empty()).stream()
                    .noneMatch(
                        r -> r.status() == RunStatus.QUEUED || r.status() == RunStatus.RUNNING));
    assertThat(slotTriggers).isNotEmpty();
    assertThat(mostAtOnce(allAttempts())).isEqualTo(1);
  }

  /**
   * Eight threads on each of two nodes, each opening and starting 12 runs one after another, so
   * runs end and start all the time; the ledger's attempts never overlap more than {@code max}.
   */
  private void assertNoRace(JobSpec spec, int max) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      RunDriver node = i % 2 == 0 ? nodeA : nodeB;
      threads.add(
          pool.submit(
              () -> {
                go.await();
                for (int n = 0; n < 12; n++) {
                  Run run =
                      ledger.openManual(
                          spec.id(), RunKind.MANUAL, Instant.now(), Optional.empty(), "tester");
                  node.run(spec, run, AttemptKind.FIRST);
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : threads) {
      f.get(120, TimeUnit.SECONDS);
    }
    List<Attempt> attempts = allAttempts();
    int most = mostAtOnce(attempts);
    List<Run> runs = ledger.history(spec.id(), 1000, Optional.empty());
    System.out.printf(
        "overlap race (%s, maxConcurrent %d): %d runs, %d attempts on %d owners, %d skipped, at most %d"
            + " at once%n",
        spec.limits().overlap(),
        max,
        runs.size(),
        attempts.size(),
        attempts.stream().map(Attempt::owner).distinct().count(),
        runs.stream().filter(r -> r.status() == RunStatus.SKIPPED).count(),
        most);
    if (most != max) {
      printRace(spec.id(), attempts); // what overlapped, for the failure's report
    }
    assertThat(most).isEqualTo(max);
    assertThat(runs)
        .filteredOn(r -> r.status() == RunStatus.SKIPPED)
        .allSatisfy(
            r ->
                assertThat(r.error().orElseThrow().error().message())
                    .contains("maxConcurrent " + max + " reached"));
  }

  private void printRace(String jobId, List<Attempt> attempts) {
    attempts.stream()
        .sorted(java.util.Comparator.comparing(Attempt::startedAt))
        .forEach(
            a ->
                System.out.printf(
                    "  %s #%d on %s: %s .. %s%n",
                    a.run(), a.attemptNo(), a.owner(), a.startedAt(), a.endedAt().orElse(null)));
    ledger.history(jobId, 1000, Optional.empty()).stream()
        .filter(r -> r.status() != RunStatus.SKIPPED)
        .forEach(r -> ledger.events(r.id(), 0, 100).forEach(e -> System.out.println("  " + e)));
  }

  private List<Attempt> allAttempts() {
    return ledger.history("busy", 1000, Optional.empty()).stream()
        .flatMap(r -> ledger.attempts(r.id()).stream())
        .filter(a -> a.endedAt().isPresent())
        .toList();
  }

  /**
   * The most attempts whose [start, end] overlap, from the ledger (an end before a start at the
   * same ms).
   */
  static int mostAtOnce(List<Attempt> attempts) {
    List<long[]> edges = new ArrayList<>();
    for (Attempt a : attempts) {
      edges.add(new long[] {a.startedAt().toEpochMilli(), 1});
      edges.add(new long[] {a.endedAt().orElseThrow().toEpochMilli(), -1});
    }
    edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int now = 0;
    int most = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
