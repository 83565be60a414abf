package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.store.MissedFires;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misfire policies at the driver, on a real ledger (run once per database by the subclasses): a
 * fire carrying missed fire times is {@link RunDriver#misfired} called by hand, as a node's Quartz
 * thread does when the trigger's misfire fire comes; the clock is the test's.
 */
abstract class MisfireDriverContractTest {
  static final Instant FIRED_AT = Instant.parse("2026-06-01T12:00:01.250Z");

  final MutableClock clock = new MutableClock(FIRED_AT);
  @TempDir Path artifacts;
  RunLedger ledger;
  RunDriver driver;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createDriver() {
    ledger = new RunLedger(db().database().dataSource(), clock);
    ArtifactWriter writer =
        new ArtifactWriter(
            new ArtifactsConfig(
                artifacts, 4096, new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER);
    RetryTrigger none =
        (run, attemptNo, at) -> {
          throw new AssertionError("no retry expected");
        };
    driver =
        new RunDriver(
            "node-a",
            ledger,
            new TaskExecutor(name -> Optional.empty(), 4096),
            writer,
            name -> Optional.empty(),
            none,
            run -> {},
            clock);
  }

  JobSpec spec(String id, String misfire) {
    String yaml =
        "id: "
            + id
            + "\nschedule: { cron: \"*/15 * * * *\", timezone: UTC, "
            + misfire
            + " }\n"
            + "task: { type: builtin, name: noop }\n";
    return new SpecLoader(clock)
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  /** {@code count} quarter-hours missed, the newest at 12:00. */
  static MissedFires missed(int count, long dropped) {
    List<Instant> listed = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      listed.add(Instant.parse("2026-06-01T12:00:00Z").minus(Duration.ofMinutes(15L * i)));
    }
    Instant first = listed.get(0).minus(Duration.ofMinutes(15 * dropped));
    return new MissedFires(FIRED_AT, listed, dropped, true, first);
  }

  List<Run> runs(String jobId) {
    List<Run> runs = new ArrayList<>(ledger.history(jobId, 10_000, Optional.empty()));
    runs.sort(Comparator.comparingLong(r -> r.id().runNo()));
    return runs;
  }

  static String code(Run run) {
    return run.error().map(e -> e.error().code()).orElse("-");
  }

  @Test
  void skip_records_every_missed_fire_time_skipped_with_job_skipped_misfire_and_runs_none()
      throws Exception {
    JobSpec spec = spec("skipper", "misfire: skip");

    driver.misfired(spec, missed(5, 0), false);

    assertThat(runs("skipper"))
        .extracting(
            Run::intendedFire,
            Run::kind,
            Run::status,
            MisfireDriverContractTest::code,
            Run::attempts)
        .containsExactlyElementsOf(
            missed(5, 0).listed().stream()
                .map(
                    at -> tuple(at, RunKind.SCHEDULED, RunStatus.SKIPPED, "job_skipped_misfire", 0))
                .toList());
  }

  @Test
  void fire_once_now_runs_the_latest_missed_fire_time_now_and_records_the_older_ones_skipped()
      throws Exception {
    JobSpec spec = spec("once", "misfire: fire_once_now");

    driver.misfired(spec, missed(4, 0), false);

    assertThat(runs("once"))
        .extracting(r -> r.id().runNo(), Run::intendedFire, Run::kind, Run::status, Run::attempts)
        .containsExactly(
            tuple(
                1L, Instant.parse("2026-06-01T11:15:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED, 0),
            tuple(
                2L, Instant.parse("2026-06-01T11:30:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED, 0),
            tuple(
                3L, Instant.parse("2026-06-01T11:45:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED, 0),
            tuple(
                4L,
                Instant.parse("2026-06-01T12:00:00Z"),
                RunKind.SCHEDULED,
                RunStatus.SUCCEEDED,
                1));
  }

  @Test
  void
      catch_up_replays_the_newest_max_catch_up_fire_times_inside_the_window_oldest_first_and_records_the_rest()
          throws Exception {
    JobSpec spec = spec("replayer", "misfire: catch_up, catchUpWindow: PT1H, maxCatchUp: 3");

    driver.misfired(spec, missed(8, 0), false); // 10:15 .. 12:00; the window starts at 11:00:01.250

    assertThat(runs("replayer"))
        .extracting(Run::intendedFire, Run::kind, Run::status)
        .containsExactly(
            tuple(Instant.parse("2026-06-01T10:15:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T10:30:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T10:45:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T11:00:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T11:15:00Z"), RunKind.SCHEDULED, RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T11:30:00Z"), RunKind.CATCH_UP, RunStatus.SUCCEEDED),
            tuple(Instant.parse("2026-06-01T11:45:00Z"), RunKind.CATCH_UP, RunStatus.SUCCEEDED),
            tuple(Instant.parse("2026-06-01T12:00:00Z"), RunKind.CATCH_UP, RunStatus.SUCCEEDED));
    assertThat(runs("replayer").get(0).error().orElseThrow().error().message())
        .contains("older than catchUpWindow PT1H");
    assertThat(runs("replayer").get(4).error().orElseThrow().error().message())
        .contains("beyond maxCatchUp 3");
  }

  @Test
  void a_second_delivery_of_the_same_missed_fire_times_records_and_runs_nothing_more()
      throws Exception {
    JobSpec spec = spec("twice", "misfire: catch_up, catchUpWindow: PT6H, maxCatchUp: 10");
    ledger.openScheduled(
        "twice", RunKind.SCHEDULED, Instant.parse("2026-06-01T11:30:00Z"), "node-b");

    driver.misfired(spec, missed(4, 0), false);
    driver.misfired(spec, missed(4, 0), false);

    assertThat(runs("twice"))
        .extracting(Run::intendedFire, Run::kind)
        .containsExactly(
            tuple(Instant.parse("2026-06-01T11:30:00Z"), RunKind.SCHEDULED),
            tuple(Instant.parse("2026-06-01T11:15:00Z"), RunKind.CATCH_UP),
            tuple(Instant.parse("2026-06-01T11:45:00Z"), RunKind.CATCH_UP),
            tuple(Instant.parse("2026-06-01T12:00:00Z"), RunKind.CATCH_UP));
    assertThat(runs("twice"))
        .filteredOn(r -> r.kind() == RunKind.CATCH_UP)
        .extracting(Run::attempts)
        .containsOnly(1);
  }

  @Test
  void a_recovered_misfire_fire_runs_the_catch_up_runs_a_dead_node_left_queued() throws Exception {
    JobSpec spec = spec("recovered", "misfire: catch_up, catchUpWindow: PT6H, maxCatchUp: 10");
    for (Instant at : missed(3, 0).listed()) {
      ledger.openScheduled("recovered", RunKind.CATCH_UP, at, "dead-node");
    }

    driver.misfired(spec, missed(3, 0), true);

    assertThat(runs("recovered"))
        .extracting(Run::kind, Run::status, Run::attempts)
        .containsOnly(tuple(RunKind.CATCH_UP, RunStatus.SUCCEEDED, 1))
        .hasSize(3);
  }

  @Test
  void at_most_a_hundred_skips_are_recorded_per_misfire_and_one_event_counts_the_dropped_rest()
      throws Exception {
    JobSpec spec = spec("bounded", "misfire: skip");

    driver.misfired(spec, missed(300, 50), false);

    List<Run> runs = runs("bounded");
    assertThat(runs)
        .hasSize(MisfirePlan.MAX_SKIPS_RECORDED)
        .allMatch(r -> r.status() == RunStatus.SKIPPED);
    assertThat(runs.get(runs.size() - 1).intendedFire())
        .isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
    List<RunEvent> events = ledger.events(runs.get(0).id(), 0, 100);
    assertThat(events)
        .filteredOn(e -> e.type().equals("misfire.dropped"))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).containsEntry("dropped", "250"));
  }

  /** A plain scheduled fire of {@code at}, as a node's Quartz worker hands it over. */
  void fire(JobSpec spec, String at) throws InterruptedException {
    driver.fired(spec, new FireRequest(Instant.parse(at), OptionalLong.empty(), false));
  }

  @Test
  void a_fire_the_node_comes_to_after_its_following_fire_time_is_missed_under_fire_once_now()
      throws Exception {
    JobSpec spec = spec("late", "misfire: fire_once_now");
    clock.set(Instant.parse("2026-06-01T11:45:00.400Z")); // 11:30 and 11:45 both due, 14 min late

    fire(spec, "2026-06-01T11:30:00Z");
    fire(spec, "2026-06-01T11:45:00Z");

    List<Run> runs = runs("late");
    assertThat(runs)
        .extracting(Run::intendedFire, Run::kind, Run::status, MisfireDriverContractTest::code)
        .containsExactly(
            tuple(
                Instant.parse("2026-06-01T11:30:00Z"),
                RunKind.SCHEDULED,
                RunStatus.SKIPPED,
                "job_skipped_misfire"),
            tuple(
                Instant.parse("2026-06-01T11:45:00Z"),
                RunKind.SCHEDULED,
                RunStatus.SUCCEEDED,
                "-"));
    assertThat(runs.get(0).attempts()).isZero();
    assertThat(runs.get(0).error().orElseThrow().error().message())
        .contains("following fire time 2026-06-01T11:45:00Z was due too")
        .contains("fire_once_now runs only the latest due fire time, 2026-06-01T11:45:00Z");
  }

  @Test
  void a_fire_late_within_its_period_runs_late_whatever_the_policy() throws Exception {
    for (String policy : List.of("skip", "fire_once_now", "catch_up")) {
      JobSpec spec = spec("within-" + policy, "misfire: " + policy);
      clock.set(
          Instant.parse("2026-06-01T11:44:59.999Z")); // 11:30 late by 14:59.999, 11:45 not due

      fire(spec, "2026-06-01T11:30:00Z");

      assertThat(runs("within-" + policy))
          .extracting(Run::kind, Run::status, Run::attempts)
          .containsExactly(tuple(RunKind.SCHEDULED, RunStatus.SUCCEEDED, 1));
    }
  }

  @Test
  void skip_records_a_fire_missed_by_its_period_skipped_and_a_second_delivery_adds_nothing()
      throws Exception {
    JobSpec spec = spec("skip-late", "misfire: skip");
    clock.set(Instant.parse("2026-06-01T12:00:00Z")); // 11:45's following fire is due to the ms

    fire(spec, "2026-06-01T11:45:00Z");
    fire(spec, "2026-06-01T11:45:00Z");
    fire(spec, "2026-06-01T12:00:00Z"); // Quartz's own delivery of the latest: it ran already

    assertThat(runs("skip-late"))
        .extracting(Run::intendedFire, Run::status, MisfireDriverContractTest::code)
        .containsExactly(
            tuple(Instant.parse("2026-06-01T11:45:00Z"), RunStatus.SKIPPED, "job_skipped_misfire"),
            tuple(Instant.parse("2026-06-01T12:00:00Z"), RunStatus.SUCCEEDED, "-"));
    assertThat(runs("skip-late").get(0).error().orElseThrow().error().message())
        .contains("misfire policy skip: missed fire times are not run")
        .contains("the latest due fire time, 2026-06-01T12:00:00Z, runs late");
  }

  @Test
  void a_node_that_stays_behind_its_period_still_runs_the_latest_due_fire_time_of_each_fire()
      throws Exception {
    JobSpec spec = spec("behind", "misfire: fire_once_now");
    // Every fire comes 20 minutes late (a node that cannot keep up): its following one is always
    // due, so each fire is missed, and each runs the fire time due then in its place.
    for (String at : List.of("11:00", "11:15", "11:30")) {
      Instant fire = Instant.parse("2026-06-01T" + at + ":00Z");
      clock.set(fire.plus(Duration.ofMinutes(20)));
      driver.fired(spec, new FireRequest(fire, OptionalLong.empty(), false));
    }

    assertThat(runs("behind"))
        .extracting(Run::intendedFire, Run::status)
        .containsExactly(
            tuple(Instant.parse("2026-06-01T11:00:00Z"), RunStatus.SKIPPED),
            tuple(Instant.parse("2026-06-01T11:15:00Z"), RunStatus.SUCCEEDED),
            tuple(Instant.parse("2026-06-01T11:30:00Z"), RunStatus.SUCCEEDED),
            tuple(Instant.parse("2026-06-01T11:45:00Z"), RunStatus.SUCCEEDED));
  }

  @Test
  void catch_up_runs_a_fire_missed_by_its_period_as_a_catch_up_run_within_its_window_and_count()
      throws Exception {
    JobSpec spec =
        spec("catcher", "misfire: catch_up, catchUpWindow: PT40M, maxCatchUp: 1"); // 10:45 .. 11:15
    clock.set(Instant.parse("2026-06-01T11:15:30Z"));

    fire(spec, "2026-06-01T10:30:00Z"); // older than the window; 11:15, due, runs in its place
    fire(spec, "2026-06-01T10:45:00Z"); // 11:00 is missed too and newer: beyond maxCatchUp 1
    fire(spec, "2026-06-01T11:00:00Z"); // the newest missed fire time: replayed
    fire(spec, "2026-06-01T11:15:00Z"); // late within its period: it ran already

    List<Run> runs = runs("catcher");
    assertThat(runs)
        .extracting(Run::intendedFire, Run::kind, Run::status, MisfireDriverContractTest::code)
        .containsExactly(
            tuple(
                Instant.parse("2026-06-01T10:30:00Z"),
                RunKind.SCHEDULED,
                RunStatus.SKIPPED,
                "job_skipped_misfire"),
            tuple(
                Instant.parse("2026-06-01T11:15:00Z"), RunKind.SCHEDULED, RunStatus.SUCCEEDED, "-"),
            tuple(
                Instant.parse("2026-06-01T10:45:00Z"),
                RunKind.SCHEDULED,
                RunStatus.SKIPPED,
                "job_skipped_misfire"),
            tuple(
                Instant.parse("2026-06-01T11:00:00Z"), RunKind.CATCH_UP, RunStatus.SUCCEEDED, "-"));
    assertThat(runs.get(0).error().orElseThrow().error().message())
        .contains("older than catchUpWindow PT40M");
    assertThat(runs.get(2).error().orElseThrow().error().message()).contains("beyond maxCatchUp 1");
    assertThat(ledger.events(runs.get(3).id(), 0, 100))
        .filteredOn(e -> e.type().equals("misfire.late"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.data())
                    .containsEntry("following", "2026-06-01T11:15:00Z")
                    .containsEntry("firedAt", "2026-06-01T11:15:30Z"));
  }

  @Test
  void a_recovered_fire_is_not_judged_by_the_period_rule() throws Exception {
    JobSpec spec = spec("recover-late", "misfire: skip");
    ledger.openScheduled(
        "recover-late", RunKind.SCHEDULED, Instant.parse("2026-06-01T11:30:00Z"), "dead-node");
    clock.set(Instant.parse("2026-06-01T12:10:00Z"));

    driver.fired(
        spec, new FireRequest(Instant.parse("2026-06-01T11:30:00Z"), OptionalLong.empty(), true));

    assertThat(runs("recover-late"))
        .extracting(Run::status, Run::attempts)
        .containsExactly(tuple(RunStatus.SUCCEEDED, 1));
  }

  @Test
  void a_recovered_fire_that_was_skipped_recovers_the_run_begun_in_its_place() throws Exception {
    JobSpec spec = spec("carried", "misfire: fire_once_now");
    // A dead node came to 11:30 at 11:45:00.4: it recorded 11:30 skipped, began 11:45 in its
    // place and named it there; then it died with 11:45's attempt running.
    clock.set(Instant.parse("2026-06-01T11:45:00.400Z"));
    Run latest =
        ledger
            .beginScheduled(
                "carried",
                RunKind.SCHEDULED,
                Instant.parse("2026-06-01T11:45:00Z"),
                1,
                dev.cronstone.model.Overlap.SKIP,
                "dead-node")
            .orElseThrow()
            .run();
    Run skipped =
        ledger
            .skipMissed("carried", Instant.parse("2026-06-01T11:30:00Z"), "missed", "dead-node")
            .orElseThrow();
    ledger.event(
        skipped.id(),
        0,
        Begins.IN_PLACE,
        "in its place: " + latest.id(),
        java.util.Map.of("run", latest.id().toString()));
    clock.set(Instant.parse("2026-06-01T11:46:00Z"));
    assertThat(ledger.abandonStale(clock.instant(), Duration.ofSeconds(3)))
        .containsExactly(latest.id());

    driver.fired(
        spec, new FireRequest(Instant.parse("2026-06-01T11:30:00Z"), OptionalLong.empty(), true));

    assertThat(ledger.run(latest.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ledger.attempts(latest.id()))
        .extracting(a -> a.kind().code(), a -> a.owner())
        .containsExactly(tuple("first", "dead-node"), tuple("recovery", "node-a"));
    assertThat(ledger.run(skipped.id()).orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);
  }
}
