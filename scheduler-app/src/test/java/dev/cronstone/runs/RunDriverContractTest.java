package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Cancellation;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.Overlap;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries and cancel at the driver, on a real ledger (run once per database by the subclasses): the
 * clock is the test's, retry triggers are recorded instead of scheduled, and a trigger's fire is
 * {@link RunDriver#fired} called by hand, as a node would on its Quartz thread.
 */
abstract class RunDriverContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00Z");

  final MutableClock clock = new MutableClock(T0);
  final List<String> triggers = new ArrayList<>();
  final List<RunId> slotTriggers = new java.util.concurrent.CopyOnWriteArrayList<>();
  @TempDir Path artifacts;
  RunLedger ledger;
  RunDriver driver;
  ExecutorService worker;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createDriver() {
    ledger = new RunLedger(db().database().dataSource(), clock);
    driver = driver("node-a");
    worker = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    worker.awaitTermination(30, TimeUnit.SECONDS);
  }

  RunDriver driver(String owner) {
    ArtifactWriter writer =
        new ArtifactWriter(
            new ArtifactsConfig(
                artifacts, 4096, new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER);
    RetryTrigger record = (run, attemptNo, at) -> triggers.add(run + "/" + attemptNo + " at " + at);
    return new RunDriver(
        owner,
        ledger,
        new TaskExecutor(name -> Optional.empty(), 4096),
        writer,
        name -> Optional.empty(),
        record,
        slotTriggers::add,
        clock);
  }

  JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  Run queued(JobSpec spec) {
    return ledger.openManual(
        spec.id(), RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
  }

  /** A retry trigger of {@code run} fires on a node: the driver finds it in the ledger. */
  Run fire(RunDriver on, JobSpec spec, RunId run) throws InterruptedException {
    on.fired(spec, new FireRequest(clock.instant(), OptionalLong.of(run.runNo()), false));
    return ledger.run(run).orElseThrow();
  }

  List<String> eventTypes(RunId run) {
    return ledger.events(run, 0, 1000).stream().map(RunEvent::type).toList();
  }

  @Test
  void a_fire_requested_through_quartz_opens_a_manual_run_by_quartz_and_its_recovery_finds_it()
      throws Exception {
    JobSpec spec = spec("id: asked\ntask: { type: builtin, name: noop }\n");

    driver.fired(spec, FireRequest.throughQuartz(T0, false));

    List<Run> runs = ledger.history("asked", 10, Optional.empty());
    assertThat(runs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(RunKind.MANUAL);
              assertThat(r.requestedBy()).isEqualTo("quartz");
              assertThat(r.intendedFire()).isEqualTo(T0);
              assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            });
    assertThat(eventTypes(runs.get(0).id())).contains("run.queued", "run.finished");
    assertThat(ledger.manualRun("asked", T0, "quartz"))
        .contains(ledger.run(runs.get(0).id()).get());

    // Quartz recovers the same fire (its node died after the run ended): no second run.
    driver.fired(spec, FireRequest.throughQuartz(T0, true));
    assertThat(ledger.history("asked", 10, Optional.empty())).hasSize(1);
    assertThat(ledger.attempts(runs.get(0).id())).hasSize(1);

    // Another request is another run.
    clock.advance(java.time.Duration.ofSeconds(5));
    driver.fired(spec, FireRequest.throughQuartz(clock.instant(), false));
    assertThat(ledger.history("asked", 10, Optional.empty()))
        .extracting(Run::requestedBy)
        .containsExactly("quartz", "quartz");
  }

  @Test
  void
      exponential_backoff_doubles_the_delay_up_to_its_cap_and_exhaustion_ends_the_run_with_retry_exhausted()
          throws Exception {
    JobSpec spec =
        spec(
            """
        id: flaky
        task: { type: builtin, name: fail, args: { message: "disk full" } }
        retry: { maxAttempts: 4, backoff: exponential, initialDelay: PT10S, maxDelay: PT25S }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(ledger.pendingRetry(run.id())).contains(T0.plusSeconds(10));
    for (int i = 0; i < 3; i++) {
      clock.set(ledger.pendingRetry(run.id()).orElseThrow());
      run = fire(driver, spec, run.id());
    }
    assertThat(triggers)
        .containsExactly(
            "flaky#1/2 at " + T0.plusSeconds(10),
            "flaky#1/3 at " + T0.plusSeconds(30),
            "flaky#1/4 at " + T0.plusSeconds(55));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error().orElseThrow().error().code()).isEqualTo("job_retry_exhausted");
    assertThat(run.error().orElseThrow().error().details())
        .containsExactly(new Problem("attempt[4]", "job_failed: disk full"));
    assertThat(ledger.pendingRetry(run.id())).isEmpty();
    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::attemptNo, Attempt::kind, Attempt::outcome)
        .containsExactly(
            tuple(1, AttemptKind.FIRST, Optional.of(RunStatus.FAILED)),
            tuple(2, AttemptKind.RETRY, Optional.of(RunStatus.FAILED)),
            tuple(3, AttemptKind.RETRY, Optional.of(RunStatus.FAILED)),
            tuple(4, AttemptKind.RETRY, Optional.of(RunStatus.FAILED)));
    assertThat(eventTypes(run.id())).filteredOn("retry.scheduled"::equals).hasSize(3);
    assertThat(ledger.events(run.id(), 0, 1000))
        .filteredOn(e -> e.type().equals("retry.scheduled"))
        .first()
        .satisfies(
            e ->
                assertThat(e.data())
                    .containsEntry("attempt", "2")
                    .containsEntry("delay", "PT10S")
                    .containsEntry("at", T0.plusSeconds(10).toString()));
  }

  @Test
  void fixed_backoff_waits_the_initial_delay_every_time_and_a_success_ends_the_run()
      throws Exception {
    JobSpec failing =
        spec(
            """
        id: fixed
        task: { type: builtin, name: fail }
        retry: { maxAttempts: 3, backoff: fixed, initialDelay: PT7S, maxDelay: PT1M }
        """);
    Run run = driver.run(failing, queued(failing), AttemptKind.FIRST);
    clock.advance(Duration.ofSeconds(7));
    run = fire(driver, failing, run.id());
    assertThat(triggers)
        .containsExactly("fixed#1/2 at " + T0.plusSeconds(7), "fixed#1/3 at " + T0.plusSeconds(14));
    // The job was fixed meanwhile: the last attempt runs the spec its trigger carries now.
    JobSpec fixed =
        spec(
            "id: fixed\ntask: { type: builtin, name: noop }\nretry: { maxAttempts: 3, backoff: fixed,"
                + " initialDelay: PT7S }\n");
    clock.advance(Duration.ofSeconds(7));
    run = fire(driver, fixed, run.id());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.error()).isEmpty();
    assertThat(run.attempts()).isEqualTo(3);
  }

  @Test
  void an_outcome_not_in_retry_on_is_not_retried_and_keeps_its_own_code() throws Exception {
    JobSpec spec =
        spec(
            """
        id: slowpoke
        task: { type: builtin, name: sleep, args: { duration: PT5S } }
        limits: { timeout: PT0.2S }
        retry: { maxAttempts: 3, retryOn: [failed] }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(run.error().orElseThrow().error().code()).isEqualTo("job_timeout");
    assertThat(triggers).isEmpty();
    assertThat(eventTypes(run.id())).doesNotContain("retry.scheduled");
  }

  @Test
  void a_timed_out_last_attempt_gives_retry_exhausted_with_job_timeout_in_its_details()
      throws Exception {
    JobSpec spec =
        spec(
            """
        id: slowpoke
        task: { type: builtin, name: sleep, args: { duration: PT5S } }
        limits: { timeout: PT0.2S }
        retry: { maxAttempts: 2, initialDelay: PT1S, retryOn: [timed_out] }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    clock.advance(Duration.ofSeconds(1));
    run = fire(driver("node-b"), spec, run.id());
    assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(run.error().orElseThrow().error().code()).isEqualTo("job_retry_exhausted");
    assertThat(run.error().orElseThrow().error().details())
        .singleElement()
        .satisfies(p -> assertThat(p.problem()).startsWith("job_timeout: "));
    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::owner)
        .containsExactly("node-a", "node-b");
  }

  @Test
  void a_run_waiting_for_its_retry_is_not_abandoned_and_its_trigger_fires_on_any_node()
      throws Exception {
    JobSpec spec =
        spec(
            """
        id: flaky
        task: { type: builtin, name: fail }
        retry: { maxAttempts: 2, initialDelay: PT1M }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    clock.advance(Duration.ofMinutes(30)); // node-a died long ago
    assertThat(ledger.abandonStale(clock.instant(), Duration.ofSeconds(10))).isEmpty();
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    run = fire(driver("node-b"), spec, run.id());
    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::attemptNo, Attempt::kind, Attempt::owner)
        .containsExactly(
            tuple(1, AttemptKind.FIRST, "node-a"), tuple(2, AttemptKind.RETRY, "node-b"));
    // A duplicate fire of the same trigger starts nothing more.
    run = fire(driver("node-c"), spec, run.id());
    assertThat(run.attempts()).isEqualTo(2);
  }

  @Test
  void a_recovered_fire_of_a_run_waiting_for_its_retry_starts_nothing_early_and_stores_the_retry()
      throws Exception {
    JobSpec spec =
        spec(
            """
        id: flaky
        task: { type: builtin, name: fail }
        retry: { maxAttempts: 2, initialDelay: PT8S }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    Instant due = ledger.pendingRetry(run.id()).orElseThrow();
    triggers.clear(); // node-a died before its retry trigger was stored
    clock.advance(Duration.ofSeconds(3));
    FireRequest recovered = new FireRequest(T0, OptionalLong.of(run.id().runNo()), true);
    driver("node-b").fired(spec, recovered);
    assertThat(ledger.attempts(run.id())).hasSize(1);
    assertThat(ledger.pendingRetry(run.id())).contains(due);
    assertThat(triggers).containsExactly("flaky#1/2 at " + due);
    // Once the retry is due, a recovered fire (the retry trigger's own, its node died) starts it.
    clock.set(due);
    driver("node-c").fired(spec, recovered);
    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::attemptNo, Attempt::kind, Attempt::owner)
        .containsExactly(
            tuple(1, AttemptKind.FIRST, "node-a"), tuple(2, AttemptKind.RETRY, "node-c"));
  }

  @Test
  void cancelling_a_run_waiting_for_its_retry_ends_it_at_once_and_its_trigger_starts_nothing()
      throws Exception {
    JobSpec spec =
        spec(
            """
        id: flaky
        task: { type: builtin, name: fail }
        retry: { maxAttempts: 3, initialDelay: PT10S }
        """);
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    Cancellation cancel = ledger.requestCancel(run.id(), "alice");
    assertThat(cancel.endedNow()).isTrue();
    assertThat(cancel.run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancel.run().reason()).contains("operator");
    assertThat(cancel.run().error().orElseThrow().error().code()).isEqualTo("job_cancelled");
    assertThat(cancel.request().requestedBy()).isEqualTo("alice");
    clock.advance(Duration.ofSeconds(10));
    run = fire(driver, spec, run.id());
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.attempts()).isEqualTo(1);
    assertThat(eventTypes(run.id()))
        .containsSubsequence("retry.scheduled", "cancel.requested", "run.finished");
  }

  @Test
  void a_queued_run_cancelled_before_its_trigger_fired_never_starts() throws Exception {
    JobSpec spec = spec("id: quick\ntask: { type: builtin, name: noop }\n");
    Run run = queued(spec);
    assertThat(ledger.requestCancel(run.id(), "bob").endedNow()).isTrue();
    run = fire(driver, spec, run.id());
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.attempts()).isZero();
  }

  @Test
  void cancelling_an_ended_or_unknown_run_is_an_error() throws Exception {
    JobSpec spec = spec("id: quick\ntask: { type: builtin, name: noop }\n");
    Run run = driver.run(spec, queued(spec), AttemptKind.FIRST);
    assertThatThrownBy(() -> ledger.requestCancel(run.id(), "bob"))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("has ended (succeeded");
    assertThatThrownBy(() -> ledger.requestCancel(new RunId("quick", 99), "bob"))
        .isInstanceOfSatisfying(
            CronstoneException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
  }

  @Test
  void
      a_cancel_request_stops_the_running_attempt_at_the_owners_next_step_and_the_run_is_not_retried()
          throws Exception {
    JobSpec spec =
        spec(
            """
        id: long
        task: { type: builtin, name: sleep, args: { duration: PT60S } }
        limits: { timeout: PT2M }
        retry: { maxAttempts: 3, retryOn: [failed, timed_out] }
        """);
    Run queued = queued(spec);
    Future<Run> running = worker.submit(() -> driver.run(spec, queued, AttemptKind.FIRST));
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.runningAttempts() == 1);
    Cancellation cancel = ledger.requestCancel(queued.id(), "carol");
    assertThat(cancel.endedNow()).isFalse();
    assertThat(cancel.stopping()).extracting(Attempt::owner).containsExactly("node-a");
    assertThat(driver("node-b").stopCancelled()).isEmpty(); // not its attempt
    assertThat(driver.stopCancelled()).containsExactly(queued.id());
    Run ended = running.get(10, TimeUnit.SECONDS);
    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.reason()).contains("operator");
    assertThat(ended.error().orElseThrow().error().code()).isEqualTo("job_cancelled");
    assertThat(ledger.attempts(queued.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).contains(RunStatus.CANCELLED);
              assertThat(a.detail()).contains("stopped: cancelled by carol");
            });
    assertThat(triggers).isEmpty();
    assertThat(ledger.cancelRequested("node-a")).isEmpty();
    // The worker thread was not left interrupted: it serves the next fire.
    assertThat(worker.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
  }

  @Test
  void a_graceful_stop_that_runs_out_of_grace_cancels_the_attempt_with_reason_shutdown()
      throws Exception {
    JobSpec spec =
        spec(
            """
        id: long
        task: { type: builtin, name: sleep, args: { duration: PT60S } }
        limits: { timeout: PT2M }
        retry: { maxAttempts: 3 }
        """);
    Run queued = queued(spec);
    Future<Throwable> running =
        worker.submit(
            () -> {
              try {
                driver.run(spec, queued, AttemptKind.FIRST);
                return null;
              } catch (InterruptedException e) {
                return e;
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.runningAttempts() == 1);
    assertThat(driver.stopAll()).isEqualTo(1);
    assertThat(running.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    Run run = ledger.run(queued.id()).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.reason()).contains("shutdown");
    assertThat(triggers).isEmpty();
  }

  @Test
  void an_attempt_that_begins_after_a_stop_of_all_is_cancelled_with_reason_shutdown_at_once()
      throws Exception {
    // A fire already on its way when the node's grace ran out (or a second signal came).
    JobSpec spec =
        spec(
            """
        id: late
        task: { type: builtin, name: sleep, args: { duration: PT60S } }
        limits: { timeout: PT2M }
        """);
    assertThat(driver.stopAll()).isZero();
    Run queued = queued(spec);
    long start = System.nanoTime();
    Future<Throwable> running =
        worker.submit(
            () -> {
              try {
                driver.run(spec, queued, AttemptKind.FIRST);
                return null;
              } catch (InterruptedException e) {
                return e;
              }
            });
    assertThat(running.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    Run run = ledger.run(queued.id()).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.reason()).contains("shutdown");
  }

  @Test
  void a_run_abandoned_by_the_failure_detector_frees_its_slot_and_fires_the_queued_run() {
    JobSpec spec =
        spec(
            """
        id: queued-job
        task: { type: builtin, name: noop }
        limits: { maxConcurrent: 1, overlap: queue }
        """);
    RunId dead =
        ledger
            .beginScheduled(spec.id(), RunKind.SCHEDULED, T0, 1, Overlap.QUEUE, "node-dead")
            .orElseThrow()
            .run()
            .id();
    RunId waiting =
        ledger
            .beginScheduled(
                spec.id(), RunKind.SCHEDULED, T0.plusSeconds(60), 1, Overlap.QUEUE, "node-b")
            .orElseThrow()
            .run()
            .id();
    assertThat(slotTriggers).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(driver.abandonStale(clock.instant(), Duration.ofSeconds(20))).containsExactly(dead);

    assertThat(ledger.run(dead).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(slotTriggers).containsExactly(waiting);
  }
}
