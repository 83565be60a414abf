package dev.cronstone.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.Overlap;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two writes of a run's hot path (its begin and its end), their idempotency when retried, and
 * the group commit of ends; run once per database by the small subclasses.
 */
abstract class RunWritesContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00.123Z");
  static final String JOB = "hot-path";
  static final String NODE = "node-a";

  final MutableClock clock = new MutableClock(T0);
  RunLedger ledger;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createLedger() {
    ledger = new RunLedger(db().database().dataSource(), clock);
  }

  Admission begin(Instant fire) {
    return ledger.beginScheduled(JOB, RunKind.SCHEDULED, fire, 1, Overlap.SKIP, NODE).orElseThrow();
  }

  static EndWrite finished(RunId id, int no, RunStatus status) {
    return new EndWrite(
        id,
        no,
        status,
        Optional.of(0),
        "done",
        Map.of("status", status.code()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static EndWrite retried(RunId id, int no, Instant at) {
    return new EndWrite(
        id,
        no,
        RunStatus.FAILED,
        Optional.of(1),
        "exit 1",
        Map.of("status", "failed"),
        Optional.of(new EndWrite.Retry(at, Duration.ofSeconds(5))),
        Optional.of(ErrorEnvelope.of(ErrorCode.JOB_FAILED, "exit 1", JOB, List.of())),
        Optional.empty());
  }

  List<String> types(RunId id) {
    return ledger.events(id, 0, RunLedger.MAX_PAGE).stream().map(RunEvent::type).toList();
  }

  @Test
  void a_begin_opens_admits_and_starts_the_first_attempt_with_its_event_in_one_write() {
    Admission admission = begin(T0);

    assertThat(admission.decision()).isEqualTo(Admission.Decision.STARTED);
    assertThat(admission.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(admission.attempt().orElseThrow().attemptNo()).isEqualTo(1);
    assertThat(types(admission.run().id())).containsExactly("attempt.started");
    assertThat(ledger.begun(JOB, T0, NODE))
        .map(Admission::decision)
        .contains(Admission.Decision.STARTED);
    assertThat(ledger.begun(JOB, T0, "node-b")).isEmpty();
  }

  static BeginGroups.Request fire(String jobId, Instant at) {
    return fire(jobId, at, 5);
  }

  static BeginGroups.Request fire(String jobId, Instant at, int maxConcurrent) {
    return new BeginGroups.Request(jobId, RunKind.SCHEDULED, at, maxConcurrent, Overlap.SKIP, NODE);
  }

  /** Begins made together, their futures joined; the exception of one that failed, if any. */
  List<RunBeginning.Scheduled> together(BeginGroups.Request... requests) {
    return ledger.beginGroups().beginTogether(List.of(requests)).stream()
        .map(f -> f.join())
        .toList();
  }

  @Test
  void begins_made_together_store_in_one_transaction_what_single_begins_store() {
    // The jobs' first runs alone (they create the run counters), then one group of next fires.
    List<String> jobs = List.of("group-c", "group-a", "group-b");
    for (String job : jobs) {
      ledger.beginScheduled(job, RunKind.SCHEDULED, T0, 2, Overlap.SKIP, NODE).orElseThrow();
    }
    long groups = ledger.beginGroups().groupsCommitted();
    Instant next = T0.plusSeconds(60);

    List<RunBeginning.Scheduled> begun =
        together(fire("group-c", next), fire("group-a", next), fire("group-b", next));

    assertThat(ledger.beginGroups().groupsCommitted()).isEqualTo(groups + 1);
    assertThat(begun).hasSize(3);
    assertThat(ledger.begun("group-a", next, NODE))
        .as("what a retried begin finds")
        .map(Admission::decision)
        .contains(Admission.Decision.STARTED);
    for (RunBeginning.Scheduled b : begun) {
      Admission admission = b.admission();
      RunId id = admission.run().id();
      assertThat(admission.decision()).isEqualTo(Admission.Decision.STARTED);
      assertThat(id.runNo()).isEqualTo(2);
      assertThat(admission.going()).singleElement().isEqualTo(new RunId(id.jobId(), 1));
      assertThat(ledger.run(id)).contains(admission.run());
      assertThat(ledger.attempts(id)).containsExactly(admission.attempt().orElseThrow());
      assertThat(ledger.events(id, 0, RunLedger.MAX_PAGE)).isEqualTo(b.events());
      assertThat(b.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.seq()).isEqualTo(1);
                assertThat(e.type()).isEqualTo("attempt.started");
              });
      ledger.end(finished(id, 1, RunStatus.SUCCEEDED));
      assertThat(ledger.events(id, 0, RunLedger.MAX_PAGE))
          .extracting(RunEvent::seq)
          .containsExactly(1L, 2L, 3L);
    }
    assertThat(begun)
        .extracting(b -> b.admission().run().id().jobId())
        .as("in the order asked")
        .containsExactly("group-c", "group-a", "group-b");
  }

  @Test
  void a_job_with_full_slots_in_a_group_takes_its_overlap_policy_and_the_others_start() {
    ledger.beginScheduled("full", RunKind.SCHEDULED, T0, 1, Overlap.SKIP, NODE).orElseThrow();
    ledger.beginScheduled("free", RunKind.SCHEDULED, T0, 1, Overlap.SKIP, NODE).orElseThrow();
    RunId freeFirst = ledger.byIntendedFire("free", T0).orElseThrow().id();
    ledger.end(finished(freeFirst, 1, RunStatus.SUCCEEDED));
    Instant next = T0.plusSeconds(60);

    List<RunBeginning.Scheduled> begun = together(fire("full", next, 1), fire("free", next, 1));

    assertThat(begun.get(0).admission().decision()).isEqualTo(Admission.Decision.SKIPPED);
    assertThat(types(begun.get(0).admission().run().id())).containsExactly("overlap.skipped");
    assertThat(begun.get(1).admission().decision()).isEqualTo(Admission.Decision.STARTED);
    assertThat(types(begun.get(1).admission().run().id())).containsExactly("attempt.started");
  }

  @Test
  void a_group_with_a_duplicate_fire_or_a_job_never_begun_falls_back_to_single_begins() {
    ledger.beginScheduled("dup", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, NODE).orElseThrow();
    ledger.beginScheduled("fine", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, NODE).orElseThrow();
    long groups = ledger.beginGroups().groupsCommitted();
    Instant next = T0.plusSeconds(60);

    List<CompletableFuture<RunBeginning.Scheduled>> begun =
        ledger
            .beginGroups()
            .beginTogether(List.of(fire("dup", T0), fire("fine", next), fire("never-begun", next)));

    assertThat(ledger.beginGroups().groupsCommitted())
        .as("the group was rolled back")
        .isEqualTo(groups);
    assertThatThrownBy(begun.get(0)::join).hasCauseInstanceOf(RunOpening.DuplicateFire.class);
    assertThat(begun.get(1).join().admission().run().id()).isEqualTo(new RunId("fine", 2));
    assertThat(begun.get(2).join().admission().run().id()).isEqualTo(new RunId("never-begun", 1));
    assertThat(ledger.attempts(new RunId("dup", 1))).hasSize(1);
    assertThat(ledger.beginScheduled("dup", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, "node-b"))
        .as("refused through the ledger, as before")
        .isEmpty();
  }

  @Test
  void the_first_fires_of_jobs_that_never_ran_begin_in_one_group_creating_their_counters()
      throws Exception {
    // "lost" has runs but no counter row (a counter deleted by hand): it must not reuse a number.
    ledger.beginScheduled("lost", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, NODE).orElseThrow();
    try (java.sql.Connection c = db().database().dataSource().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM cs_run_counter WHERE job_id = 'lost'");
    }
    long groups = ledger.beginGroups().groupsCommitted();
    Instant next = T0.plusSeconds(60);

    List<RunBeginning.Scheduled> begun =
        together(fire("first-a", next), fire("first-b", next), fire("lost", next));

    assertThat(ledger.beginGroups().groupsCommitted())
        .as("one transaction, not each begin alone")
        .isEqualTo(groups + 1);
    assertThat(begun)
        .extracting(b -> b.admission().run().id())
        .containsExactly(new RunId("first-a", 1), new RunId("first-b", 1), new RunId("lost", 2));
    assertThat(begun)
        .extracting(b -> b.admission().decision())
        .containsOnly(Admission.Decision.STARTED);
    assertThat(
            ledger.beginScheduled(
                "first-a", RunKind.SCHEDULED, next.plusSeconds(60), 5, Overlap.SKIP, NODE))
        .map(a -> a.run().id())
        .contains(new RunId("first-a", 2));
  }

  @Test
  void a_second_fire_of_one_job_in_a_group_is_begun_after_it_with_the_next_number() {
    ledger.beginScheduled("twice", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, NODE).orElseThrow();
    ledger.beginScheduled("other", RunKind.SCHEDULED, T0, 5, Overlap.SKIP, NODE).orElseThrow();

    List<RunBeginning.Scheduled> begun =
        together(
            fire("twice", T0.plusSeconds(1)),
            fire("other", T0.plusSeconds(1)),
            fire("twice", T0.plusSeconds(2)));

    assertThat(begun)
        .extracting(b -> b.admission().run().id())
        .containsExactly(new RunId("twice", 2), new RunId("other", 2), new RunId("twice", 3));
    assertThat(begun.get(2).admission().going())
        .containsExactly(new RunId("twice", 1), new RunId("twice", 2));
  }

  @Test
  void concurrent_begins_of_many_jobs_each_begin_once_with_gap_free_numbers() throws Exception {
    int jobs = 24;
    int fires = 3;
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      for (int f = 0; f < fires; f++) {
        Instant at = T0.plusSeconds(f);
        List<Future<Optional<Admission>>> begun = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
          String job = "many-" + j;
          begun.add(
              pool.submit(
                  () -> ledger.beginScheduled(job, RunKind.SCHEDULED, at, 10, Overlap.SKIP, NODE)));
        }
        for (Future<Optional<Admission>> b : begun) {
          assertThat(b.get(30, TimeUnit.SECONDS))
              .hasValueSatisfying(
                  a -> assertThat(a.decision()).isEqualTo(Admission.Decision.STARTED));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (int j = 0; j < jobs; j++) {
      String job = "many-" + j;
      for (int f = 0; f < fires; f++) {
        assertThat(ledger.byIntendedFire(job, T0.plusSeconds(f)))
            .hasValueSatisfying(r -> assertThat(r.id().runNo()).isBetween(1L, (long) fires));
      }
      assertThat(ledger.run(new RunId(job, fires + 1))).isEmpty();
    }
  }

  @Test
  void a_begin_with_a_free_slot_stores_what_it_returns_and_numbers_later_events_after_its_own() {
    Admission admission = begin(T0);
    RunId id = admission.run().id();

    assertThat(ledger.run(id)).contains(admission.run());
    assertThat(ledger.attempts(id)).containsExactly(admission.attempt().orElseThrow());
    assertThat(ledger.events(id, 0, RunLedger.MAX_PAGE))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.seq()).isEqualTo(1);
              assertThat(e.attemptNo()).isEqualTo(1);
              assertThat(e.at()).isEqualTo(admission.attempt().orElseThrow().startedAt());
            });
    ledger.end(finished(id, 1, RunStatus.SUCCEEDED));
    assertThat(ledger.events(id, 0, RunLedger.MAX_PAGE))
        .extracting(RunEvent::seq)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void a_second_begin_of_the_same_fire_is_refused_and_starts_nothing() {
    RunId id = begin(T0).run().id();

    assertThat(ledger.beginScheduled(JOB, RunKind.SCHEDULED, T0, 1, Overlap.SKIP, "node-b"))
        .isEmpty();
    assertThat(ledger.attempts(id)).hasSize(1);
    assertThat(types(id)).containsExactly("attempt.started");
  }

  @Test
  void a_begin_over_the_jobs_slots_skips_under_its_overlap_policy() {
    begin(T0);
    Admission second = begin(T0.plusSeconds(60));

    assertThat(second.decision()).isEqualTo(Admission.Decision.SKIPPED);
    assertThat(second.attempt()).isEmpty();
    assertThat(types(second.run().id())).containsExactly("overlap.skipped");
  }

  @Test
  void an_end_after_other_events_of_the_run_returns_them_all_as_the_store_holds_them() {
    RunId id = begin(T0).run().id();
    ledger.event(id, 1, "attempt.progress", "3 of 10", Map.of("done", "3", "total", "10"));
    clock.advance(Duration.ofSeconds(2));

    EndResult end = ledger.end(finished(id, 1, RunStatus.SUCCEEDED));

    assertThat(end.events()).isEqualTo(ledger.events(id, 0, RunLedger.MAX_PAGE));
    assertThat(end.events())
        .extracting(RunEvent::type)
        .containsExactly("attempt.started", "attempt.progress", "attempt.finished", "run.finished");
  }

  @Test
  void an_end_returns_the_run_its_attempts_and_events_as_they_stand() {
    RunId id = begin(T0).run().id();
    clock.advance(Duration.ofSeconds(2));

    EndResult end = ledger.end(finished(id, 1, RunStatus.SUCCEEDED));

    assertThat(end.replayed()).isFalse();
    assertThat(end.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(end.run()).isEqualTo(ledger.run(id).orElseThrow());
    assertThat(end.attempts()).isEqualTo(ledger.attempts(id));
    assertThat(end.events()).isEqualTo(ledger.events(id, 0, RunLedger.MAX_PAGE));
    assertThat(end.events())
        .extracting(RunEvent::type)
        .containsExactly("attempt.started", "attempt.finished", "run.finished");
    assertThat(end.retryAt()).isEmpty();
  }

  @Test
  void an_end_whose_commit_succeeded_but_is_retried_appends_no_second_event() {
    RunId id = begin(T0).run().id();
    EndWrite write = finished(id, 1, RunStatus.SUCCEEDED);
    ledger.end(write);
    clock.advance(Duration.ofSeconds(1));

    EndResult again = ledger.end(write);

    assertThat(again.replayed()).isTrue();
    assertThat(again.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(types(id)).containsExactly("attempt.started", "attempt.finished", "run.finished");
  }

  @Test
  void a_retried_end_that_set_a_retry_leaves_one_retry_scheduled_event() {
    RunId id = begin(T0).run().id();
    Instant at = T0.plusSeconds(5);
    EndResult first = ledger.end(retried(id, 1, at));
    EndResult again = ledger.end(retried(id, 1, at));

    assertThat(first.retryAt()).contains(at);
    assertThat(again.retryAt()).contains(at);
    assertThat(first.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(ledger.pendingRetry(id)).contains(at);
    assertThat(types(id)).containsExactly("attempt.started", "attempt.finished", "retry.scheduled");
  }

  @Test
  void a_retried_begin_of_a_retry_attempt_starts_it_once() {
    RunId id = begin(T0).run().id();
    ledger.end(retried(id, 1, T0.plusSeconds(5)));

    Attempt first = ledger.beginAttempt(id, AttemptKind.RETRY, 2, NODE);
    Attempt again = ledger.beginAttempt(id, AttemptKind.RETRY, 2, NODE);

    assertThat(again).isEqualTo(first);
    assertThat(ledger.attempts(id)).hasSize(2);
    assertThat(types(id).stream().filter("attempt.started"::equals)).hasSize(2);
    assertThat(ledger.pendingRetry(id)).isEmpty();
  }

  @Test
  void a_cancel_requested_before_a_retry_ends_the_run_cancelled_in_the_end_write() {
    RunId id = begin(T0).run().id();
    ledger.requestCancel(id, "alice");

    EndResult end = ledger.end(retried(id, 1, T0.plusSeconds(5)));

    assertThat(end.run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(end.run().reason()).contains("operator");
    assertThat(end.retryAt()).isEmpty();
    assertThat(types(id)).endsWith("attempt.finished", "run.finished");
  }

  @Test
  void an_end_that_frees_a_slot_names_the_jobs_waiting_run() {
    RunId first =
        ledger
            .beginScheduled(JOB, RunKind.SCHEDULED, T0, 1, Overlap.QUEUE, NODE)
            .orElseThrow()
            .run()
            .id();
    Admission waiting =
        ledger
            .beginScheduled(JOB, RunKind.SCHEDULED, T0.plusSeconds(60), 1, Overlap.QUEUE, NODE)
            .orElseThrow();
    assertThat(waiting.decision()).isEqualTo(Admission.Decision.WAITING);

    EndResult end = ledger.end(finished(first, 1, RunStatus.SUCCEEDED));

    assertThat(end.waitingRun()).contains(waiting.run().id());
  }

  @Test
  void the_group_commit_writes_every_end_and_one_bad_end_loses_no_other() throws Exception {
    List<RunId> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      runs.add(
          ledger
              .beginScheduled("job-" + i, RunKind.SCHEDULED, T0, 1, Overlap.SKIP, NODE)
              .orElseThrow()
              .run()
              .id());
    }
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (EndFlusher flusher = ledger.endFlusher(NODE)) {
      List<Future<EndResult>> ends = new ArrayList<>();
      for (RunId id : runs) {
        ends.add(callers.submit(() -> flusher.end(finished(id, 1, RunStatus.SUCCEEDED))));
      }
      Future<EndResult> bad =
          callers.submit(() -> flusher.end(finished(runs.get(0), 7, RunStatus.FAILED)));
      for (Future<EndResult> end : ends) {
        assertThat(end.get(60, TimeUnit.SECONDS).run().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
      assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CronstoneException.class);
    } finally {
      callers.shutdownNow();
    }
    for (RunId id : runs) {
      assertThat(ledger.run(id).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(types(id)).containsExactly("attempt.started", "attempt.finished", "run.finished");
    }
  }
}
