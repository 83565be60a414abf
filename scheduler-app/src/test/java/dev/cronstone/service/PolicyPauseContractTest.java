package dev.cronstone.service;

import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.MetricsConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.metrics.NodeMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.runs.RunDriver;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.sync.SyncFixture;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.Exposition;
import dev.cronstone.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;

/**
 * {@code policy.pauseAfterFailures} on every store (run once per database by the subclasses): runs
 * go through a real driver and ledger, the pause through real Quartz tables and {@code cs_job}, and
 * the test reads them back as {@code jobs show} does.
 */
abstract class PolicyPauseContractTest {
  static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
  static final String SCHEDULE = "schedule: { cron: \"0 3 * * *\", timezone: UTC }\n";

  @TempDir Path tmp;
  final MutableClock clock = new MutableClock(START);
  Scheduler scheduler;
  JobService service;
  NodeConfig config;
  RunLedger ledger;
  NodeMetrics metrics;
  RunDriver driver;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void jobs() throws Exception {
    Path dir = tmp.resolve("jobs");
    write(dir, "flaky.yaml", flakySpec("fail"));
    write(dir, "plain.yaml", "id: plain\n" + SCHEDULE + "task: { type: builtin, name: fail }\n");
    config = SyncFixture.config(db().database(), dir, true);
    try (JobService admin = JobService.open(config, clock)) {
      assertThat(admin.sync(false, false, "carol").plan().added()).hasSize(2);
    }
    // one Cronstone scheduler per JVM: the service and every PolicyPauses share the node's
    scheduler = QuartzSchedulers.createAdmin(config, "node-p", dataSource());
    service = JobService.onNode(config, scheduler, dataSource(), clock);
    ledger = new RunLedger(dataSource(), clock);
    metrics = NodeMetrics.create(new MetricsConfig(true, List.of("flaky"), 50), "node-p", 4);
    driver = driver(policyPauses());
  }

  @AfterEach
  void close() throws Exception {
    service.close();
    metrics.close();
    scheduler.shutdown(false);
  }

  DataSource dataSource() {
    return db().database().dataSource();
  }

  /** A decider of its own, with its own connections to the store, on the node's scheduler. */
  PolicyPauses policyPauses() {
    return PolicyPauses.onNode(scheduler, dataSource(), clock, ledger);
  }

  RunDriver driver(PolicyPauses pauses) {
    return new RunDriver(
        "node-p",
        ledger,
        new TaskExecutor(name -> Optional.empty(), 4096),
        new ArtifactWriter(
            new ArtifactsConfig(
                tmp.resolve("artifacts"),
                4096,
                new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER),
        name -> Optional.empty(),
        (run, attemptNo, at) -> {},
        run -> {},
        clock,
        metrics,
        RunDriver.Writes.direct(ledger),
        pauses);
  }

  static String flakySpec(String builtin) {
    return "id: flaky\n"
        + SCHEDULE
        + "task: { type: builtin, name: "
        + builtin
        + " }\npolicy: { pauseAfterFailures: 3 }\n";
  }

  JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  /** One manual run of {@code spec}'s job through the driver, a second after the previous one. */
  Run run(JobSpec spec) throws InterruptedException {
    clock.advance(Duration.ofSeconds(1));
    Run opened =
        ledger.openManual(spec.id(), RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
    return driver.run(spec, opened, AttemptKind.FIRST);
  }

  PauseState pause(String jobId) {
    return service.show(jobId).pause();
  }

  List<RunEvent> paused(Run run) {
    return ledger.events(run.id(), 0, RunLedger.MAX_PAGE).stream()
        .filter(e -> e.type().equals("job.paused"))
        .toList();
  }

  double pauseCount() {
    return Exposition.parse(metrics.scrape())
        .value("cronstone_policy_pauses_total", Map.of("job", "flaky"));
  }

  @Test
  void three_runs_that_did_not_succeed_pause_the_job_by_policy_once() throws Exception {
    JobSpec failing = spec(flakySpec("fail"));
    Run first = run(failing);
    Run second = run(failing);
    assertThat(pause("flaky").paused()).isFalse();

    Run third = run(failing);

    PauseState state = pause("flaky");
    assertThat(state.paused()).isTrue();
    assertThat(state.pausedBy()).contains("policy");
    assertThat(service.show("flaky").triggers().get(0).state()).isEqualTo("PAUSED");
    assertThat(paused(first)).isEmpty();
    assertThat(paused(second)).isEmpty();
    assertThat(paused(third))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).containsEntry("failures", "3"));
    assertThat(pauseCount()).isEqualTo(1);

    Run fourth = run(failing); // already paused: nothing more
    assertThat(paused(fourth)).isEmpty();
    assertThat(pauseCount()).isEqualTo(1);
    assertThat(pause("flaky").pausedBy()).contains("policy");
  }

  @Test
  void a_success_in_between_starts_the_count_again() throws Exception {
    JobSpec failing = spec(flakySpec("fail"));
    run(failing);
    run(failing);
    run(spec(flakySpec("noop")));
    run(failing);
    run(failing);
    assertThat(pause("flaky").paused()).isFalse();

    run(failing);

    assertThat(pause("flaky").paused()).isTrue();
  }

  @Test
  void resume_clears_the_pause_and_only_runs_ended_after_it_count() throws Exception {
    JobSpec failing = spec(flakySpec("fail"));
    run(failing);
    run(failing);
    run(failing);
    assertThat(pause("flaky").paused()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(service.resume("flaky", "alice").changed()).isTrue();
    PauseState resumed = pause("flaky");
    assertThat(resumed.paused()).isFalse();
    assertThat(resumed.pausedBy()).isEmpty();
    assertThat(resumed.resumedBy()).contains("alice");
    assertThat(service.show("flaky").triggers().get(0).state()).isEqualTo("NORMAL");

    run(failing);
    run(failing);
    assertThat(pause("flaky").paused()).isFalse();
    Run third = run(failing);
    assertThat(pause("flaky").paused()).isTrue();
    assertThat(paused(third)).hasSize(1);
    assertThat(pauseCount()).isEqualTo(2);
  }

  @Test
  void a_job_without_the_policy_never_pauses() throws Exception {
    JobSpec plain = spec("id: plain\n" + SCHEDULE + "task: { type: builtin, name: fail }\n");
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(run(plain));
    }

    assertThat(pause("plain").paused()).isFalse();
    assertThat(runs).allSatisfy(r -> assertThat(paused(r)).isEmpty());
  }

  @Test
  void an_operators_pause_is_left_as_it_is() throws Exception {
    JobSpec failing = spec(flakySpec("fail"));
    service.pause("flaky", "alice");
    run(failing);
    run(failing);
    Run third = run(failing);

    assertThat(pause("flaky").pausedBy()).contains("alice");
    assertThat(paused(third)).isEmpty();
    assertThat(pauseCount()).isZero();
  }

  @Test
  void two_deciders_at_once_pause_the_job_once() throws Exception {
    JobSpec failing = spec(flakySpec("fail"));
    // three failed runs recorded without a decision (as if both nodes ended them at once)
    List<Run> ended = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      Run opened =
          ledger.openManual("flaky", RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
      ended.add(
          new RunDriver(
                  "node-q",
                  ledger,
                  new TaskExecutor(name -> Optional.empty(), 4096),
                  new ArtifactWriter(
                      new ArtifactsConfig(
                          tmp.resolve("artifacts-q"),
                          4096,
                          new RetentionConfig(OptionalInt.empty(), Optional.empty())),
                      dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER),
                  name -> Optional.empty(),
                  (run, attemptNo, at) -> {},
                  run -> {},
                  clock)
              .run(failing, opened, AttemptKind.FIRST));
    }
    assertThat(pause("flaky").paused()).isFalse();
    PolicyPauses a = policyPauses();
    PolicyPauses b = policyPauses();
    Run last = ended.get(2);

    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Optional<Integer>>> both =
          List.of(() -> a.runEnded(failing, last), () -> b.runEnded(failing, last));
      List<Optional<Integer>> results = new ArrayList<>();
      for (Future<Optional<Integer>> f : two.invokeAll(both)) {
        results.add(f.get());
      }
      assertThat(results).filteredOn(Optional::isPresent).containsExactly(Optional.of(3));
    } finally {
      two.shutdownNow();
    }
    assertThat(pause("flaky").pausedBy()).contains("policy");
    assertThat(a.runEnded(failing, last)).isEmpty();
  }
}
