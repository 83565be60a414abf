package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background retention and pruning against the real ledger and folders; run once per database. */
abstract class RetentionContractTest {
  static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

  protected abstract DatabaseExtension db();

  @TempDir Path tmp;
  final MutableClock clock = new MutableClock(T0);
  RunLedger ledger;
  ArtifactWriter writer;
  LedgerRuns runs;
  Retention retention;

  @BeforeEach
  void setUp() {
    ledger = new RunLedger(db().database().dataSource(), clock);
    writer = new ArtifactWriter(tmp.resolve("runs"), 1024, ArtifactsOwnerFixture.OWNER);
    runs = new LedgerRuns(db().database().dataSource(), ledger, writer, clock);
  }

  @AfterEach
  void stopRetention() {
    if (retention != null) {
      retention.stop();
    }
  }

  private Retention retention(OptionalInt keepLast, Optional<Duration> olderThan) {
    ArtifactsConfig config =
        new ArtifactsConfig(tmp.resolve("runs"), 1024, new RetentionConfig(keepLast, olderThan));
    retention =
        new Retention(
            "node-a",
            db().database().dataSource(),
            ledger,
            config,
            ArtifactsOwnerFixture.OWNER,
            clock);
    return retention;
  }

  private Retention keepAllByDefault() {
    return retention(OptionalInt.empty(), Optional.empty());
  }

  private List<RunId> finished(String job, int count) {
    List<RunId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(runs.finished(job));
      clock.advance(Duration.ofMinutes(1));
    }
    return ids;
  }

  private boolean exists(RunId id) {
    return ledger.run(id).isPresent();
  }

  private boolean hasFolder(RunId id) {
    return Files.isDirectory(writer.folder(id));
  }

  @Test
  void keep_last_of_a_spec_prunes_the_oldest_finished_runs_and_their_folders() throws SQLException {
    runs.job("nightly", "{ keepLast: 2 }");
    List<RunId> ids = finished("nightly", 5);

    Retention.Pass pass = keepAllByDefault().runOnce(clock.instant());

    assertThat(pass.jobs())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.jobId()).isEqualTo("nightly");
              assertThat(j.pruned()).containsExactlyElementsOf(ids.subList(0, 3));
              assertThat(j.foldersDeleted()).isEqualTo(3);
              assertThat(j.folderFailures()).isEmpty();
            });
    for (RunId id : ids.subList(0, 3)) {
      assertThat(exists(id)).as(id.toString()).isFalse();
      assertThat(hasFolder(id)).as(id.toString()).isFalse();
    }
    for (RunId id : ids.subList(3, 5)) {
      assertThat(exists(id)).as(id.toString()).isTrue();
      assertThat(writer.folder(id).resolve("run_receipt.json")).isRegularFile();
    }
    assertThat(keepAllByDefault().runOnce(clock.instant()).pruned()).isZero();
  }

  @Test
  void older_than_prunes_runs_that_ended_longer_ago() throws SQLException {
    runs.job("hourly", "{ olderThan: PT2H }");
    RunId old = runs.finished("hourly");
    clock.advance(Duration.ofHours(1));
    RunId recent = runs.finished("hourly");
    clock.advance(Duration.ofMinutes(90)); // old ended 2h30 ago, recent 1h30 ago

    retention(OptionalInt.empty(), Optional.empty()).runOnce(clock.instant());

    assertThat(exists(old)).isFalse();
    assertThat(hasFolder(old)).isFalse();
    assertThat(exists(recent)).isTrue();
    assertThat(hasFolder(recent)).isTrue();
  }

  @Test
  void a_spec_s_retention_wins_over_the_node_default_which_covers_the_other_jobs()
      throws SQLException {
    runs.job("own", "{ keepLast: 3 }");
    runs.job("plain", null);
    List<RunId> own = finished("own", 4);
    List<RunId> plain = finished("plain", 4);

    Retention.Pass pass = retention(OptionalInt.of(1), Optional.empty()).runOnce(clock.instant());

    assertThat(pass.jobs()).extracting(JobPrune::jobId).containsExactly("own", "plain");
    assertThat(own).filteredOn(this::exists).containsExactlyElementsOf(own.subList(1, 4));
    assertThat(plain).filteredOn(this::exists).containsExactly(plain.get(3));
    assertThat(plain).filteredOn(this::hasFolder).containsExactly(plain.get(3));
    assertThat(pass.jobs().get(0).rule()).hasToString("keepLast 3");
    assertThat(pass.jobs().get(1).rule()).hasToString("keepLast 1");
  }

  @Test
  void either_rule_prunes_when_both_are_set() throws SQLException {
    runs.job("both", "{ keepLast: 3, olderThan: PT1H }");
    List<RunId> ids = finished("both", 5); // ended at T0, T0+1m, ... T0+4m
    clock.set(
        T0.plus(
            Duration.ofMinutes(
                62))); // runs 1 and 2 ended more than an hour ago: older-than prunes them

    keepAllByDefault().runOnce(clock.instant());

    assertThat(ids).filteredOn(this::exists).containsExactlyElementsOf(ids.subList(2, 5));
    clock.set(
        T0.plus(Duration.ofMinutes(62))
            .plusSeconds(30)); // run 3 (ended T0+2m) too, though among the last 3
    keepAllByDefault().runOnce(clock.instant());
    assertThat(ids).filteredOn(this::exists).containsExactlyElementsOf(ids.subList(3, 5));
  }

  @Test
  void with_no_retention_anywhere_nothing_is_pruned() throws SQLException {
    runs.job("kept", null);
    List<RunId> ids = finished("kept", 3);
    clock.advance(Duration.ofDays(3650));

    Retention.Pass pass = keepAllByDefault().runOnce(clock.instant());

    assertThat(pass.jobs()).isEmpty();
    assertThat(ids).allMatch(this::exists).allMatch(this::hasFolder);
  }

  @Test
  void queued_and_running_runs_are_never_pruned_however_old() throws SQLException {
    runs.job("busy", null);
    RunId running = runs.running("busy");
    RunId queued = runs.queued("busy");
    List<RunId> done = finished("busy", 3);
    clock.advance(Duration.ofDays(30));

    retention(OptionalInt.of(1), Optional.of(Duration.ofDays(1))).runOnce(clock.instant());

    assertThat(exists(running)).isTrue();
    assertThat(exists(queued)).isTrue();
    assertThat(hasFolder(running)).isTrue();
    assertThat(hasFolder(queued)).isTrue();
    assertThat(done).noneMatch(this::exists).noneMatch(this::hasFolder);
  }

  @Test
  void a_dry_run_reports_and_changes_nothing() throws SQLException {
    runs.job("dry", null);
    List<RunId> ids = finished("dry", 3);
    RunPruner pruner = new RunPruner(ledger, tmp.resolve("runs"), ArtifactsOwnerFixture.OWNER);

    JobPrune dry =
        pruner.prune("dry", new RetentionRule(OptionalInt.of(1), Optional.empty()), true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.pruned()).containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(dry.foldersDeleted()).isZero();
    assertThat(ids).allMatch(this::exists).allMatch(this::hasFolder);
  }

  @Test
  void a_missing_folder_is_fine_and_a_folder_that_cannot_go_is_reported() throws Exception {
    runs.job("gone", "{ keepLast: 1 }");
    List<RunId> ids = finished("gone", 3);
    RunPruner.deleteTree(writer.folder(ids.get(0)));
    Path stuck = writer.folder(ids.get(1));
    RunPruner.deleteTree(stuck);
    Files.createSymbolicLink(
        stuck, tmp); // a link where the run's folder was: never followed, reported

    Retention.Pass pass = keepAllByDefault().runOnce(clock.instant());

    JobPrune job = pass.jobs().get(0);
    assertThat(job.pruned()).containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(job.foldersDeleted()).isZero();
    assertThat(job.folderFailures())
        .singleElement()
        .asString()
        .startsWith("gone#2: ")
        .contains("symbolic link");
    assertThat(tmp.resolve("runs")).isDirectory();
    assertThat(exists(ids.get(2))).isTrue();
  }

  @Test
  void the_folder_of_a_run_that_still_exists_is_never_deleted() throws Exception {
    runs.job("safe", null);
    RunId finished = runs.finished("safe");
    RunPruner pruner = new RunPruner(ledger, tmp.resolve("runs"), ArtifactsOwnerFixture.OWNER);

    // As if a prune had reported this run (a stale report): the ledger still has it, so its folder
    // stays.
    assertThat(pruner.deleteFolder(finished)).isFalse();
    assertThat(hasFolder(finished)).isTrue();
  }

  @Test
  void the_background_loop_prunes_on_its_own_and_stops() throws Exception {
    runs.job("loop", "{ keepLast: 1 }");
    List<RunId> ids = finished("loop", 3);
    Retention loop = keepAllByDefault();

    loop.start(Duration.ofMillis(50));

    // The pass deletes the ledger rows, then the folders: wait for both.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !exists(ids.get(0))
                    && !exists(ids.get(1))
                    && !hasFolder(ids.get(0))
                    && !hasFolder(ids.get(1)));
    loop.stop();
    loop.stop();
    assertThat(exists(ids.get(2))).isTrue();
  }

  @Test
  void a_pass_that_throws_is_logged_and_the_loop_goes_on() throws Exception {
    runs.job("later", "{ keepLast: 1 }");
    List<RunId> ids = finished("later", 2);
    Retention loop = keepAllByDefault();
    sql("ALTER TABLE cs_job RENAME TO cs_job_away");
    try {
      assertThatThrownBy(() -> loop.runOnce(clock.instant()))
          .hasMessageContaining("cannot read the stored jobs");
      loop.start(Duration.ofMillis(20));
      await().atMost(Duration.ofSeconds(20)).until(() -> loop.failedPasses() >= 2);
    } finally {
      sql("ALTER TABLE cs_job_away RENAME TO cs_job");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> !exists(ids.get(0)));
    assertThat(exists(ids.get(1))).isTrue();
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = db().database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void prune_never_deletes_an_active_run_while_runs_are_going_on() throws Exception {
    runs.job("busy", null);
    runs.job("other", "{ keepLast: 2 }");
    // Node A: keep the newest run, and none that ended before now (the clock moves on); node B:
    // keep one.
    Retention nodeA = retention(OptionalInt.of(1), Optional.of(Duration.ZERO));
    Retention nodeB =
        new Retention(
            "node-b",
            db().database().dataSource(),
            ledger,
            new ArtifactsConfig(
                tmp.resolve("runs"),
                1024,
                new RetentionConfig(OptionalInt.of(1), Optional.empty())),
            ArtifactsOwnerFixture.OWNER,
            clock);
    Set<RunId> ending =
        ConcurrentHashMap
            .newKeySet(); // runs about to become terminal: the only ones a prune may take
    Set<RunId> opened = ConcurrentHashMap.newKeySet();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (String job : List.of("busy", "other")) {
        workers.add(
            threads.submit(
                () -> {
                  while (!stop.get()) {
                    Run run =
                        ledger.openManual(
                            job, RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
                    opened.add(run.id());
                    check(
                        writer.write(ledger, run.id(), Optional.empty(), Redactor.none()),
                        problems);
                    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-a");
                    ledger.event(run.id(), 1, "attempt_started", "on node-a", Map.of());
                    check(
                        writer.write(ledger, run.id(), Optional.empty(), Redactor.none()),
                        problems);
                    ledger.finishAttempt(run.id(), 1, RunStatus.SUCCEEDED, Optional.of(0), "ok");
                    ending.add(run.id());
                    ledger.finish(
                        run.id(), RunStatus.SUCCEEDED, Optional.empty(), Optional.empty());
                  }
                  return null;
                }));
      }
      Set<RunId> pruned = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      while (System.nanoTime() < deadline || pruned.size() < 20) {
        clock.advance(Duration.ofSeconds(1));
        Future<Retention.Pass> b = threads.submit(() -> nodeB.runOnce(clock.instant()));
        Retention.Pass a = nodeA.runOnce(clock.instant());
        for (Retention.Pass pass : List.of(a, b.get(30, TimeUnit.SECONDS))) {
          pass.jobs().forEach(j -> pruned.addAll(j.pruned()));
          assertThat(pass.failures()).isEmpty();
        }
        assertThat(ending).as("a pruned run had become terminal").containsAll(pruned);
        assertThat(workers).noneMatch(Future::isDone);
      }
      stop.set(true);
      for (Future<?> worker : workers) {
        worker.get(
            30, TimeUnit.SECONDS); // a worker whose run was pruned under it would have thrown
      }
      assertThat(problems).isEmpty();
      for (RunId id : opened) {
        if (exists(id)) {
          assertThat(hasFolder(id)).as("folder of %s, still in the ledger", id).isTrue();
        } else {
          assertThat(pruned).contains(id);
          assertThat(hasFolder(id)).as("folder of pruned %s", id).isFalse();
        }
      }
      assertThat(pruned).isNotEmpty();
    } finally {
      stop.set(true);
      threads.shutdownNow();
      threads.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static void check(ArtifactResult result, List<String> problems) {
    if (!result.ok()) {
      problems.add(result.failure().orElseThrow());
    }
  }
}
