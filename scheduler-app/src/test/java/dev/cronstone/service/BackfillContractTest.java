package dev.cronstone.service;

import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Admission;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Backfill;
import dev.cronstone.ledger.Backfills;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.Overlap;
import dev.cronstone.runs.BackfillPump;
import dev.cronstone.runs.RetryTrigger;
import dev.cronstone.runs.RunDriver;
import dev.cronstone.sync.SyncFixture;
import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills on every store (run once per database by the subclasses): the instants come from the
 * real schedule calculator, the runs are written to the real ledger, and two pumps with their own
 * drivers stand for two nodes.
 */
abstract class BackfillContractTest {
  static final Instant MARCH_27 = Instant.parse("2026-03-27T00:00:00Z");
  static final Instant MARCH_31 = Instant.parse("2026-03-31T00:00:00Z");
  static final Instant HOURS_FROM = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;
  final Clock clock = Clock.systemUTC();
  NodeConfig config;
  RunService runs;
  BackfillService backfills;
  RunLedger ledger;
  final List<BackfillPump> pumps = new ArrayList<>();
  final List<RunDriver> drivers = new ArrayList<>();

  protected abstract DatabaseExtension db();

  @BeforeEach
  void jobs() throws Exception {
    Path dir = tmp.resolve("jobs");
    write(
        dir,
        "daily.yaml",
        "id: daily\nschedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    write(
        dir,
        "busy.yaml",
        "id: busy\nschedule: { cron: \"0 * * * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: sleep, args: { duration: PT0.4S } }\n"
            + "limits: { maxConcurrent: 2, overlap: skip }\n");
    write(
        dir,
        "stamp.yaml",
        "id: stamp\nschedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: command, command: [\"/bin/echo\", \"${fireDate}\"] }\n");
    config = SyncFixture.config(db().database(), dir, true);
    try (JobService admin = JobService.open(config, clock)) {
      assertThat(admin.sync(false, false, "carol").plan().added()).hasSize(3);
    }
    runs = RunService.open(config, clock);
    backfills = runs.backfills();
    ledger = new RunLedger(db().database().dataSource(), clock);
  }

  @AfterEach
  void close() {
    pumps.forEach(BackfillPump::close);
    runs.close();
  }

  @Test
  void instants_follow_the_schedule_across_the_spring_daylight_saving_change() {
    BackfillAnswer dry = backfills.request("daily", MARCH_27, MARCH_31, 1000, true, "ann");

    // 02:30 Berlin: CET (+01) until the 29th, whose 02:30 does not exist (02:00 -> 03:00), so it
    // fires once shifted by the gap (03:30 CEST = 01:30Z); CEST (+02) afterwards.
    assertThat(dry.instants())
        .containsExactly(
            Instant.parse("2026-03-27T01:30:00Z"),
            Instant.parse("2026-03-28T01:30:00Z"),
            Instant.parse("2026-03-29T01:30:00Z"),
            Instant.parse("2026-03-30T00:30:00Z"));
  }

  @Test
  void a_repeated_autumn_wall_time_is_one_instant() {
    BackfillAnswer dry =
        backfills.request(
            "daily",
            Instant.parse("2026-10-24T00:00:00Z"),
            Instant.parse("2026-10-27T00:00:00Z"),
            1000,
            true,
            "ann");

    // 02:30 happens twice on the 25th (03:00 CEST -> 02:00 CET): it is backfilled once.
    assertThat(dry.instants())
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"),
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void a_dry_run_writes_nothing() {
    BackfillAnswer dry = backfills.request("daily", MARCH_27, MARCH_31, 1000, true, "ann");

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.backfillId()).isEmpty();
    assertThat(ledger.history("daily", 100, Optional.empty())).isEmpty();
    assertThat(backfills.list("daily")).isEmpty();
  }

  @Test
  void each_instant_gets_one_queued_backfill_run_with_its_event() {
    BackfillAnswer answer = backfills.request("daily", MARCH_27, MARCH_31, 1000, false, "ann");

    assertThat(answer.backfillId()).isPresent();
    assertThat(answer.created()).hasSize(4);
    List<Run> history = ledger.history("daily", 100, Optional.empty());
    assertThat(history)
        .hasSize(4)
        .allSatisfy(
            run -> {
              assertThat(run.kind()).isEqualTo(RunKind.BACKFILL);
              assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
              assertThat(run.backfillId()).isEqualTo(answer.backfillId());
            });
    assertThat(history.stream().map(r -> r.id().runNo())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    List<RunEvent> events = ledger.events(history.get(0).id(), 0, 10);
    assertThat(events).extracting(RunEvent::type).containsExactly("run.queued");
    assertThat(events.get(0).data())
        .containsEntry("kind", "backfill")
        .containsEntry("backfill", answer.backfillId().get().toString());
  }

  @Test
  void an_overlapping_range_creates_no_second_run_for_an_instant() {
    backfills.request("daily", MARCH_27, Instant.parse("2026-03-29T00:00:00Z"), 1000, false, "ann");

    BackfillAnswer second = backfills.request("daily", MARCH_27, MARCH_31, 1000, false, "bob");
    BackfillAnswer third = backfills.request("daily", MARCH_27, MARCH_31, 1000, false, "bob");

    assertThat(second.created())
        .containsExactly(
            Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    assertThat(second.present()).hasSize(2);
    assertThat(third.created()).isEmpty();
    assertThat(third.backfillId()).isEmpty();
    assertThat(third.present()).hasSize(4);
    assertThat(ledger.history("daily", 100, Optional.empty())).hasSize(4);
    List<Backfill> listed = backfills.list("daily");
    assertThat(listed).extracting(Backfill::instants).containsExactly(2, 2); // newest first
    assertThat(listed.get(0).byStatus()).containsEntry("queued", 2);
  }

  @Test
  void two_requests_at_once_create_each_instant_once() throws Exception {
    int tries = 2;
    ExecutorService pool = Executors.newFixedThreadPool(tries);
    try {
      CyclicBarrier start = new CyclicBarrier(tries);
      List<Future<BackfillAnswer>> answers = new ArrayList<>();
      for (int i = 0; i < tries; i++) {
        String who = "caller-" + i;
        answers.add(
            pool.submit(
                () -> {
                  // each with a service of its own, as two processes would
                  try (RunService own = RunService.open(config, clock)) {
                    start.await(10, TimeUnit.SECONDS);
                    return own.backfills()
                        .request(
                            "busy",
                            HOURS_FROM,
                            HOURS_FROM.plus(Duration.ofHours(48)),
                            1000,
                            false,
                            who);
                  }
                }));
      }
      int created = 0;
      for (Future<BackfillAnswer> answer : answers) {
        created += answer.get(60, TimeUnit.SECONDS).created().size();
      }
      assertThat(created).isEqualTo(48);
    } finally {
      pool.shutdownNow();
    }
    List<Run> history = ledger.history("busy", 1000, Optional.empty());
    assertThat(history).hasSize(48);
    assertThat(history.stream().map(Run::intendedFire).distinct()).hasSize(48);
  }

  @Test
  void a_range_of_more_than_max_instants_is_refused_with_code_and_path() {
    assertThatThrownBy(() -> backfills.request("daily", MARCH_27, MARCH_31, 3, false, "ann"))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.details()).extracting(p -> p.path()).containsExactly("max");
            });
    assertThat(ledger.history("daily", 100, Optional.empty())).isEmpty();
  }

  @Test
  void pumps_on_two_nodes_run_at_most_max_concurrent_at_once() {
    BackfillAnswer answer =
        backfills.request(
            "busy", HOURS_FROM, HOURS_FROM.plus(Duration.ofHours(6)), 1000, false, "ann");
    assertThat(answer.created()).hasSize(6);
    BackfillPump a = pump("node-a");
    BackfillPump b = pump("node-b");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              a.step();
              b.step();
              return ledger.history("busy", 100, Optional.empty()).stream()
                  .allMatch(r -> r.status() == RunStatus.SUCCEEDED);
            });

    List<Attempt> attempts = new ArrayList<>();
    for (Run run : ledger.history("busy", 100, Optional.empty())) {
      attempts.addAll(ledger.attempts(run.id()));
    }
    assertThat(attempts).hasSize(6);
    assertThat(maxOverlap(attempts)).isEqualTo(2);
    assertThat(attempts.stream().map(Attempt::owner).distinct()).isNotEmpty();
    Backfill progress = backfills.list("busy").get(0);
    assertThat(progress.byStatus()).containsExactlyEntriesOf(java.util.Map.of("succeeded", 6));
    assertThat(progress.ended()).isEqualTo(6);
  }

  @Test
  void backfill_runs_and_the_jobs_other_runs_share_its_slots() {
    backfills.request("busy", HOURS_FROM, HOURS_FROM.plus(Duration.ofHours(3)), 1000, false, "ann");
    Backfills ledgerSide = new Backfills(db().database().dataSource(), clock);
    Run manual = ledger.openManual("busy", RunKind.MANUAL, Instant.now(), Optional.empty(), "bob");
    assertThat(ledger.admit(manual.id(), 2, Overlap.SKIP, "node-x").decision())
        .isEqualTo(Admission.Decision.STARTED);

    // one slot of two is taken by the manual run: one backfill run starts, the others wait
    assertThat(ledgerSide.start("busy", 2, 10, "node-x")).hasSize(1);
    assertThat(ledgerSide.start("busy", 2, 10, "node-x")).isEmpty();
    // both slots are taken (one by a backfill run): a new run is skipped by overlap skip
    Run late = ledger.openManual("busy", RunKind.MANUAL, Instant.now(), Optional.empty(), "bob");
    assertThat(ledger.admit(late.id(), 2, Overlap.SKIP, "node-x").decision())
        .isEqualTo(Admission.Decision.SKIPPED);
    List<Run> waiting =
        ledger.history("busy", 100, Optional.empty()).stream()
            .filter(r -> r.kind() == RunKind.BACKFILL && r.status() == RunStatus.QUEUED)
            .toList();
    assertThat(waiting).hasSize(2); // never skipped, still queued
    List<RunEvent> started =
        ledger.events(
            ledger.history("busy", 100, Optional.empty()).stream()
                .filter(r -> r.kind() == RunKind.BACKFILL && r.status() == RunStatus.RUNNING)
                .findFirst()
                .orElseThrow()
                .id(),
            0,
            10);
    assertThat(started).extracting(RunEvent::type).containsExactly("run.queued", "attempt.started");
  }

  @Test
  void a_backfill_runs_task_gets_its_instants_date_as_fire_date() {
    backfills.request("stamp", MARCH_27, MARCH_31, 1000, false, "ann");
    BackfillPump a = pump("node-a");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              a.step();
              return ledger.history("stamp", 100, Optional.empty()).stream()
                  .allMatch(r -> r.status() == RunStatus.SUCCEEDED);
            });

    for (Run run : ledger.history("stamp", 100, Optional.empty())) {
      String printed =
          ledger.output(run.id(), 1, Optional.of("stdout"), 0, 100).stream()
              .map(OutputChunk::text)
              .collect(Collectors.joining());
      // the 29th's 02:30 does not exist: its shifted fire keeps the date it was scheduled for
      assertThat(printed.strip())
          .as(run.id().toString())
          .isEqualTo(
              LocalDate.ofInstant(run.intendedFire(), ZoneId.of("Europe/Berlin")).toString());
    }
  }

  @Test
  void a_failed_backfill_attempt_is_retried_as_the_job_says_and_keeps_its_slot_meanwhile()
      throws Exception {
    Path count = tmp.resolve("tries");
    try (JobService admin = JobService.open(config, clock)) {
      write(
          tmp.resolve("jobs"),
          "flaky.yaml",
          "id: flaky\nschedule: { cron: \"0 * * * *\", timezone: UTC }\n"
              + "task: { type: command, command: [\"/bin/sh\", \"-c\", \"n=$(cat "
              + count
              + " 2>/dev/null || echo 0); echo $((n+1)) > "
              + count
              + "; [ $n -ge 1 ]\"] }\n"
              + "retry: { maxAttempts: 2, backoff: fixed, initialDelay: PT0.5S }\n");
      assertThat(admin.sync(false, false, "carol").plan().added()).hasSize(1);
    }
    backfills.request(
        "flaky", HOURS_FROM, HOURS_FROM.plus(Duration.ofHours(2)), 1000, false, "ann");
    ExecutorService later = Executors.newSingleThreadExecutor();
    try {
      // a retry trigger that starts the due attempt here, as a node's retry trigger would
      BackfillPump a =
          pump(
              "node-a",
              (id, attemptNo, at) ->
                  later.submit(
                      () -> {
                        Thread.sleep(Math.max(0, at.toEpochMilli() - clock.millis()));
                        return drivers
                            .get(0)
                            .run(
                                backfills.runnable("flaky").orElseThrow(),
                                ledger.run(id).orElseThrow(),
                                dev.cronstone.ledger.AttemptKind.RETRY);
                      }));

      assertThat(a.step()).hasSize(1); // maxConcurrent 1: one starts
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ledger.pendingRetry(runs("flaky").get(1).id()).isPresent());
      assertThat(a.step()).as("the run waiting for its retry holds the slot").isEmpty();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                a.step();
                return runs("flaky").stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED);
              });
    } finally {
      later.shutdownNow();
    }
    Run first = runs("flaky").get(1); // oldest
    assertThat(first.attempts()).isEqualTo(2);
    assertThat(runs("flaky").get(0).attempts()).isEqualTo(1);
  }

  List<Run> runs(String job) {
    return ledger.history(job, 100, Optional.empty());
  }

  @Test
  void a_paused_jobs_backfill_runs_wait() throws Exception {
    backfills.request("busy", HOURS_FROM, HOURS_FROM.plus(Duration.ofHours(2)), 1000, false, "ann");
    try (JobService admin = JobService.open(config, clock)) {
      admin.pause("busy", "ann");
    }
    BackfillPump a = pump("node-a");

    assertThat(a.step()).isEmpty();
    assertThat(ledger.history("busy", 100, Optional.empty()))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.QUEUED));
  }

  /** The most attempts that ran at one instant, from their recorded start and end instants. */
  static int maxOverlap(List<Attempt> attempts) {
    int max = 0;
    for (Attempt a : attempts) {
      Instant at = a.startedAt();
      int running = 0;
      for (Attempt other : attempts) {
        if (!other.startedAt().isAfter(at) && other.endedAt().orElseThrow().isAfter(at)) {
          running++;
        }
      }
      max = Math.max(max, running);
    }
    return max;
  }

  BackfillPump pump(String owner) {
    return pump(owner, (run, attemptNo, at) -> {});
  }

  BackfillPump pump(String owner, RetryTrigger retries) {
    RunDriver driver =
        new RunDriver(
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
    drivers.add(driver);
    BackfillPump pump =
        new BackfillPump(
            owner,
            new Backfills(db().database().dataSource(), clock),
            driver,
            backfills::runnable,
            BackfillPump.THREADS);
    pumps.add(pump);
    return pump;
  }
}
