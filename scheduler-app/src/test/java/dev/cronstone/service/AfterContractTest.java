package dev.cronstone.service;

import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.Problem;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Backfills;
import dev.cronstone.ledger.EndFlusher;
import dev.cronstone.ledger.EndResult;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.runs.BackfillPump;
import dev.cronstone.runs.RetryTrigger;
import dev.cronstone.runs.RunDriver;
import dev.cronstone.sync.SyncFixture;
import dev.cronstone.sync.SyncPlan;
import dev.cronstone.sync.SyncResult;
import dev.cronstone.sync.VersionCheck;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.view.JobAnswers;
import dev.cronstone.view.JobDetail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs after another job on every store (run once per database by the subclasses): real sync, real
 * ledger, real task executor and a real pump standing for a node.
 */
abstract class AfterContractTest {
  static final String NOOP = "task: { type: builtin, name: noop }\n";
  static final String FAIL = "task: { type: builtin, name: fail }\n";

  @TempDir Path tmp;
  final Clock clock = Clock.systemUTC();
  Path dir;
  NodeConfig config;
  RunService runs;
  RunLedger ledger;
  final List<BackfillPump> pumps = new ArrayList<>();

  protected abstract DatabaseExtension db();

  @BeforeEach
  void jobs() throws Exception {
    dir = tmp.resolve("jobs");
    write(dir, "up.yaml", "id: up\n" + NOOP);
    write(dir, "bad-up.yaml", "id: bad-up\n" + FAIL);
    write(
        dir,
        "down.yaml",
        "id: down\nafter: [{ job: up }]\n"
            + "task: { type: command, command: [/bin/echo, \"from ${upstreamRunId}\"] }\n");
    write(dir, "on-fail.yaml", "id: on-fail\nafter: [{ job: bad-up, on: failure }]\n" + NOOP);
    write(dir, "on-success.yaml", "id: on-success\nafter: [{ job: bad-up, on: success }]\n" + NOOP);
    write(
        dir,
        "always.yaml",
        "id: always\nafter: [{ job: up, on: always }, { job: bad-up, on: always }]\n"
            + "schedule: { cron: \"0 3 * * *\", timezone: UTC }\n"
            + NOOP);
    write(dir, "lost.yaml", "id: lost\nrecover: false\n" + NOOP);
    for (String on : List.of("success", "failure", "always")) {
      write(
          dir,
          "lost-" + on + ".yaml",
          "id: lost-" + on + "\nafter: [{ job: lost, on: " + on + " }]\n" + NOOP);
    }
    config = SyncFixture.config(db().database(), dir, true);
    SyncResult synced = sync();
    assertThat(synced.plan().invalid()).isEmpty();
    assertThat(synced.plan().added()).hasSize(10);
    runs = RunService.open(config, clock);
    ledger = new RunLedger(db().database().dataSource(), clock);
  }

  @AfterEach
  void close() {
    pumps.forEach(BackfillPump::close);
    runs.close();
  }

  @Test
  void a_success_queues_exactly_one_downstream_run_naming_its_upstream_run() {
    Run up = ended("up", RunStatus.SUCCEEDED);
    assertThat(up.status()).isEqualTo(RunStatus.SUCCEEDED);

    List<Run> down = history("down");
    assertThat(down)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.kind()).isEqualTo(RunKind.AFTER);
              assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
              assertThat(run.upstream()).contains(up.id());
            });
    List<RunEvent> events = ledger.events(down.get(0).id(), 0, 10);
    assertThat(events).extracting(RunEvent::type).containsExactly("run.queued");
    assertThat(events.get(0).data())
        .containsEntry("kind", "after")
        .containsEntry("upstreamRun", up.id().toString());
    assertThat(history("always"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(up.id()));
    assertThat(history("on-fail")).isEmpty();
  }

  @Test
  void the_pump_runs_it_with_upstream_run_id_rendered() throws Exception {
    Run up = ended("up", RunStatus.SUCCEEDED);
    BackfillPump pump = pump("node-a");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              pump.step();
              return history("down").get(0).status() == RunStatus.SUCCEEDED;
            });

    RunId id = history("down").get(0).id();
    String output =
        runs.output(id, Optional.empty(), Optional.empty(), 0, 100).chunks().stream()
            .map(OutputChunk::text)
            .collect(Collectors.joining());
    assertThat(output).contains("from " + up.id());
  }

  @Test
  void failure_and_always_follow_the_end_of_the_upstream_run() throws Exception {
    Run bad = ended("bad-up", RunStatus.FAILED);
    assertThat(bad.status()).isEqualTo(RunStatus.FAILED);

    assertThat(history("on-fail"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(bad.id()));
    assertThat(history("always"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(bad.id()));
    assertThat(history("on-success")).isEmpty();
    assertThat(history("down")).isEmpty();
  }

  @Test
  void an_end_written_again_queues_no_second_run() {
    EndWrite end = end(begun("up"), RunStatus.SUCCEEDED);

    ledger.end(end);
    ledger.end(end); // a retried write whose first try committed

    assertThat(history("down")).hasSize(1);
    assertThat(history("always")).hasSize(1);
  }

  @Test
  void ends_written_in_group_commits_each_queue_their_own_downstream_run() throws Exception {
    List<RunId> ups = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ups.add(begun("up"));
    }
    List<CompletableFuture<EndResult>> ends = new ArrayList<>();
    try (EndFlusher flusher = ledger.endFlusher("node-a")) {
      for (RunId id : ups) {
        ends.add(flusher.submit(end(id, RunStatus.SUCCEEDED)));
      }
      for (CompletableFuture<EndResult> e : ends) {
        assertThat(e.get(60, TimeUnit.SECONDS).run().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
    }

    List<Run> down = history("down");
    assertThat(down.stream().map(r -> r.upstream().orElseThrow()))
        .containsExactlyInAnyOrderElementsOf(ups);
    assertThat(down.stream().map(r -> r.id().runNo()))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, 20).boxed().toList()); // gap-free under the counter row
  }

  @Test
  void the_store_refuses_a_second_run_for_the_same_upstream_run() throws Exception {
    Run up = ended("up", RunStatus.SUCCEEDED);
    Run down = history("down").get(0);

    assertThatThrownBy(() -> insertAfterRun("down", down.id().runNo() + 1, up.id()))
        .isInstanceOf(SQLException.class);
    assertThat(history("down")).hasSize(1);
  }

  @Test
  void a_paused_downstream_jobs_runs_wait() throws Exception {
    try (JobService admin = JobService.open(config, clock)) {
      admin.pause("down", "ann");
    }
    ended("up", RunStatus.SUCCEEDED);
    BackfillPump pump = pump("node-a");

    pump.step();

    assertThat(history("down"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.QUEUED));
  }

  @Test
  void a_disabled_downstream_job_is_started_by_nothing() throws Exception {
    write(dir, "down.yaml", "id: down\nenabled: false\nafter: [{ job: up }]\n" + NOOP);
    assertThat(sync().plan().updated()).hasSize(1);

    ended("up", RunStatus.SUCCEEDED);

    assertThat(history("down")).isEmpty();
  }

  @Test
  void sync_refuses_unknown_upstream_jobs_and_cycles_and_writes_the_good_ones() throws Exception {
    write(dir, "ghost.yaml", "id: ghost\nafter: [{ job: nobody }]\n" + NOOP);
    write(dir, "ping.yaml", "id: ping\nafter: [{ job: pong }]\n" + NOOP);
    write(dir, "pong.yaml", "id: pong\nafter: [{ job: ping }]\n" + NOOP);
    write(dir, "good.yaml", "id: good\nafter: [{ job: down }]\n" + NOOP);
    // up would run after one of its own downstream jobs: refused, up stays as it was
    write(dir, "up.yaml", "id: up\nafter: [{ job: always }]\n" + NOOP);

    SyncPlan plan = sync().plan();

    assertThat(plan.added()).extracting(SyncPlan.Change::jobId).containsExactly("good");
    Map<String, List<Problem>> invalid =
        plan.invalid().stream()
            .collect(Collectors.toMap(i -> i.jobId().orElseThrow(), SyncPlan.Invalid::problems));
    assertThat(invalid).containsOnlyKeys("ghost", "ping", "pong", "up");
    assertThat(invalid.get("ghost"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("after[0].job");
              assertThat(p.problem()).startsWith("after_unknown_job: ");
            });
    assertThat(invalid.get("ping"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("after[0].job");
              assertThat(p.problem()).startsWith("after_cycle: ").contains("ping -> pong -> ping");
            });
    assertThat(invalid.get("up").get(0).problem()).startsWith("after_cycle: ");
    assertThat(plan.invalid().stream().filter(i -> i.jobId().equals(Optional.of("up"))))
        .singleElement()
        .satisfies(i -> assertThat(i.kept()).isTrue());

    Run up = ended("up", RunStatus.SUCCEEDED);
    assertThat(history("down"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(up.id()));
  }

  @Test
  void a_store_owned_save_that_closes_a_cycle_or_names_an_unknown_job_is_refused() {
    try (JobService admin = JobService.open(config, clock)) {
      assertThatThrownBy(
              () ->
                  admin.save(
                      spec("id: loop\nafter: [{ job: loop2 }]\n" + NOOP),
                      VersionCheck.none(),
                      "ann"))
          .isInstanceOfSatisfying(
              InvalidSpecException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.JOB_INVALID_SPEC);
                assertThat(e.details()).extracting(Problem::path).containsExactly("after[0].job");
                assertThat(e.details().get(0).problem()).startsWith("after_unknown_job: ");
              });
      admin.save(spec("id: side\nafter: [{ job: down }]\n" + NOOP), VersionCheck.none(), "ann");
      admin.save(spec("id: side2\nafter: [{ job: side }]\n" + NOOP), VersionCheck.none(), "ann");
      assertThatThrownBy(
              () ->
                  admin.save(
                      spec("id: side\nafter: [{ job: down }, { job: side2 }]\n" + NOOP),
                      VersionCheck.none(),
                      "ann"))
          .isInstanceOfSatisfying(
              InvalidSpecException.class,
              e -> {
                assertThat(e.details()).extracting(Problem::path).containsExactly("after[1].job");
                assertThat(e.details().get(0).problem())
                    .startsWith("after_cycle: ")
                    .contains("side -> side2 -> side");
              });
    }
  }

  @Test
  void an_abandoned_run_no_recovery_can_follow_queues_its_failure_and_always_runs_once() {
    RunId lost = begun("lost"); // recover: false: its node died, nothing runs it again

    assertThat(abandonAll()).containsExactly(lost);

    assertThat(ledger.run(lost).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    for (String job : List.of("lost-failure", "lost-always")) {
      assertThat(history(job))
          .as(job)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.kind()).isEqualTo(RunKind.AFTER);
                assertThat(r.status()).isEqualTo(RunStatus.QUEUED);
                assertThat(r.upstream()).contains(lost);
              });
      assertThat(ledger.events(history(job).get(0).id(), 0, 10))
          .singleElement()
          .satisfies(e -> assertThat(e.message()).endsWith(lost + " abandoned"));
    }
    assertThat(history("lost-success")).isEmpty();

    assertThat(abandonAll()).isEmpty(); // another node's sweep: nothing left, nothing queued
    assertThat(history("lost-failure")).hasSize(1);
    assertThat(history("lost-always")).hasSize(1);
  }

  @Test
  void an_abandoned_run_a_recovery_may_follow_queues_nothing_until_that_recovery_ends() {
    RunId bad = begun("bad-up"); // recover: true (the default): Quartz re-fires it on a survivor

    assertThat(abandonAll()).containsExactly(bad);

    assertThat(ledger.run(bad).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(history("on-fail")).isEmpty();
    assertThat(history("always")).isEmpty();

    ledger.beginAttempt(bad, AttemptKind.RECOVERY, 2, "node-b");
    assertThat(ledger.end(end(bad, 2, RunStatus.FAILED)).afterRuns()).hasSize(2);

    assertThat(history("on-fail"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(bad));
    assertThat(history("always"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(bad));
    assertThat(history("on-success")).isEmpty();
  }

  @Test
  void an_abandoned_run_of_a_local_process_is_final_even_when_its_job_recovers() {
    Run run = ledger.openManual("bad-up", RunKind.MANUAL, clock.instant(), Optional.empty(), "ann");
    ledger.beginAttempt(run.id(), AttemptKind.FIRST, 1, "cli:host-1:4242"); // jobs run --local

    assertThat(abandonAll()).containsExactly(run.id());

    assertThat(history("on-fail"))
        .singleElement()
        .satisfies(r -> assertThat(r.upstream()).contains(run.id()));
    assertThat(history("always")).hasSize(1);
    assertThat(history("on-success")).isEmpty();
  }

  @Test
  void an_end_that_queues_downstream_runs_says_which() {
    EndResult result = ledger.end(end(begun("up"), RunStatus.SUCCEEDED));

    assertThat(result.afterRuns())
        .containsExactlyInAnyOrder(history("down").get(0).id(), history("always").get(0).id());
    RunId bad = begun("bad-up");
    assertThat(ledger.end(end(bad, RunStatus.SUCCEEDED)).afterRuns())
        .containsExactlyInAnyOrder(
            history("on-success").get(0).id(),
            history("always").stream()
                .filter(r -> r.upstream().equals(Optional.of(bad)))
                .findFirst()
                .orElseThrow()
                .id());
    assertThat(ledger.end(end(begun("on-success"), RunStatus.SUCCEEDED)).afterRuns()).isEmpty();
  }

  /** The failure detector's sweep a minute from now: every running attempt is stale by then. */
  List<RunId> abandonAll() {
    return ledger.abandonStale(clock.instant().plusSeconds(60), Duration.ofSeconds(3));
  }

  /** A manual run of {@code job} whose first attempt began on node-a. */
  RunId begun(String job) {
    Run run = ledger.openManual(job, RunKind.MANUAL, clock.instant(), Optional.empty(), "ann");
    ledger.beginAttempt(run.id(), AttemptKind.FIRST, 1, "node-a");
    return run.id();
  }

  /** The end of attempt 1 of {@code id} in {@code status}, as a node's driver writes it. */
  static EndWrite end(RunId id, RunStatus status) {
    return end(id, 1, status);
  }

  /** The end of attempt {@code no} of {@code id} in {@code status}. */
  static EndWrite end(RunId id, int no, RunStatus status) {
    return new EndWrite(
        id,
        no,
        status,
        Optional.empty(),
        status.code(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A run of {@code job} that began and ended in {@code status}, written through the ledger. */
  Run ended(String job, RunStatus status) {
    return ledger.end(end(begun(job), status)).run();
  }

  @Test
  void the_job_view_lists_upstream_and_downstream_jobs() {
    try (JobService admin = JobService.open(config, clock)) {
      JobDetail up = JobAnswers.detail(admin, runs, "up", n -> Optional.empty(), clock);
      JobDetail always = JobAnswers.detail(admin, runs, "always", n -> Optional.empty(), clock);

      assertThat(up.upstream()).isEmpty();
      assertThat(up.downstream())
          .containsExactly(new AfterLink("always", "always"), new AfterLink("down", "success"));
      assertThat(always.upstream())
          .containsExactly(new AfterLink("up", "always"), new AfterLink("bad-up", "always"));
      assertThat(always.schedule()).containsExactly("0 3 * * *");
      assertThat(always.nextFire()).isPresent(); // a schedule and after at once
    }
  }

  dev.cronstone.model.JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("spec.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  SyncResult sync() {
    try (JobService admin = JobService.open(config, clock)) {
      return admin.sync(false, false, "carol");
    }
  }

  List<Run> history(String job) {
    return ledger.history(job, 100, Optional.empty());
  }

  void insertAfterRun(String job, long runNo, RunId upstream) throws SQLException {
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO cs_run (job_id, run_no, kind, intended_fire, status, requested_by,"
                    + " created_at, attempts, last_seq, upstream_job_id, upstream_run_no)"
                    + " VALUES (?, ?, 'after', CURRENT_TIMESTAMP, 'queued', 'test',"
                    + " CURRENT_TIMESTAMP, 0, 0, ?, ?)")) {
      insert.setString(1, job);
      insert.setLong(2, runNo);
      insert.setString(3, upstream.jobId());
      insert.setLong(4, upstream.runNo());
      insert.executeUpdate();
    }
  }

  @Test
  void an_end_recorded_by_a_nodes_driver_wakes_its_pump_at_once() throws Exception {
    RunDriver driver = driver("node-a");
    pump("node-a", driver).start(Duration.ofDays(1)); // its first poll would come tomorrow
    Run up = ledger.openManual("up", RunKind.MANUAL, clock.instant(), Optional.empty(), "ann");

    driver.run(spec("id: up\n" + NOOP), up, AttemptKind.FIRST);

    await("the downstream run started by the woken pump")
        .atMost(Duration.ofSeconds(30))
        .until(() -> history("down").get(0).status() == RunStatus.SUCCEEDED);
  }

  @Test
  void an_end_whose_retry_cannot_be_scheduled_wakes_its_pump_at_once() throws Exception {
    RunDriver driver =
        driver(
            "node-a",
            (run, attemptNo, at) -> {
              throw new IllegalStateException("the retry trigger could not be stored");
            });
    pump("node-a", driver).start(Duration.ofDays(1)); // its first poll would come tomorrow
    Run up = ledger.openManual("bad-up", RunKind.MANUAL, clock.instant(), Optional.empty(), "ann");

    driver.run(
        spec("id: bad-up\nretry: { maxAttempts: 2, backoff: fixed, initialDelay: PT1H }\n" + FAIL),
        up,
        AttemptKind.FIRST);

    assertThat(ledger.run(up.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    await("the failure run started by the woken pump")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !history("on-fail").isEmpty()
                    && history("on-fail").get(0).status() == RunStatus.SUCCEEDED);
  }

  @Test
  void a_final_abandonment_found_by_a_nodes_detector_wakes_its_pump_at_once() {
    RunDriver driver = driver("node-b");
    pump("node-b", driver).start(Duration.ofDays(1));
    RunId lost = begun("lost");

    assertThat(driver.abandonStale(clock.instant().plusSeconds(60), Duration.ofSeconds(3)))
        .containsExactly(lost);

    await("the failure run started by the woken pump")
        .atMost(Duration.ofSeconds(30))
        .until(() -> history("lost-failure").get(0).status() == RunStatus.SUCCEEDED);
  }

  BackfillPump pump(String owner) {
    return pump(owner, driver(owner));
  }

  BackfillPump pump(String owner, RunDriver driver) {
    BackfillPump pump =
        new BackfillPump(
            owner,
            new Backfills(db().database().dataSource(), clock),
            driver,
            runs.backfills()::runnable,
            BackfillPump.THREADS);
    pumps.add(pump);
    return pump;
  }

  RunDriver driver(String owner) {
    return driver(owner, (run, attemptNo, at) -> {});
  }

  RunDriver driver(String owner, RetryTrigger retries) {
    return new RunDriver(
        owner,
        ledger,
        new TaskExecutor(name -> Optional.empty(), 4096),
        new ArtifactWriter(
            new ArtifactsConfig(
                tmp.resolve("artifacts"),
                4096,
                new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER),
        name -> Optional.empty(),
        retries,
        run -> {},
        clock);
  }
}
