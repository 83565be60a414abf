package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.CANCELLED;
import static dev.cronstone.ledger.RunStatus.FAILED;
import static dev.cronstone.ledger.RunStatus.QUEUED;
import static dev.cronstone.ledger.RunStatus.RUNNING;
import static dev.cronstone.ledger.RunStatus.SKIPPED;
import static dev.cronstone.ledger.RunStatus.SUCCEEDED;
import static dev.cronstone.ledger.RunStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The run ledger against a real database; run once per database by the small subclasses. */
abstract class LedgerContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00.123Z");
  static final String JOB = "nightly-report";
  static final String NODE = "node-a";

  final MutableClock clock = new MutableClock(T0);
  RunLedger ledger;
  ExecutorService threads;

  protected abstract DatabaseExtension db();

  TestDatabase database() {
    return db().database();
  }

  @BeforeEach
  void createLedger() {
    ledger = new RunLedger(database().dataSource(), clock);
    threads = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(30, TimeUnit.SECONDS);
  }

  Run scheduled(Instant fire) {
    return ledger.openScheduled(JOB, RunKind.SCHEDULED, fire, NODE).orElseThrow();
  }

  /** A run that has ended {@code status} after one attempt (or none, for skipped). */
  Run ended(Instant fire, RunStatus status) {
    Run run = scheduled(fire);
    if (status == SKIPPED) {
      return ledger.skip(run.id(), ErrorCode.JOB_SKIPPED_OVERLAP, "still running");
    }
    ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE);
    ledger.finishAttempt(
        run.id(), 1, status == CANCELLED ? CANCELLED : status, Optional.of(0), "done");
    return ledger.finish(
        run.id(),
        status,
        Optional.empty(),
        status == CANCELLED ? Optional.of("operator") : Optional.empty());
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertIllegal(ThrowingCall call) {
    return assertThatThrownBy(call::call)
        .isInstanceOfSatisfying(
            IllegalRunTransitionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
  }

  interface ThrowingCall {
    void call() throws Exception;
  }

  List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
    try (Connection c = database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
            row.put(
                rs.getMetaData().getColumnLabel(col).toLowerCase(Locale.ROOT), rs.getObject(col));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  void execute(String sql, Object... args) throws SQLException {
    try (Connection c = database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  // --- the happy path, and what is stored ---

  @Test
  void a_scheduled_run_opens_queued_starts_records_events_and_succeeds() {
    Run opened = scheduled(T0);

    assertThat(opened.id()).isEqualTo(new RunId(JOB, 1));
    assertThat(opened.kind()).isEqualTo(RunKind.SCHEDULED);
    assertThat(opened.status()).isEqualTo(QUEUED);
    assertThat(opened.intendedFire()).isEqualTo(T0);
    assertThat(opened.requestedBy()).isEqualTo(NODE);
    assertThat(opened.createdAt()).isEqualTo(T0);
    assertThat(opened.attempts()).isZero();
    assertThat(ledger.run(opened.id())).contains(opened);

    clock.advance(Duration.ofMillis(40));
    Attempt attempt = ledger.startAttempt(opened.id(), AttemptKind.FIRST, NODE);
    RunEvent started =
        ledger.event(
            opened.id(), 1, "attempt.started", "attempt 1 on node-a", Map.of("owner", NODE));
    clock.advance(Duration.ofSeconds(2));
    RunEvent progress =
        ledger.event(
            opened.id(), 1, "progress", "half way", Map.of("percent", "50", "phase", "load"));
    Attempt done = ledger.finishAttempt(opened.id(), 1, SUCCEEDED, Optional.of(0), "exit 0");
    Run finished = ledger.finish(opened.id(), SUCCEEDED, Optional.empty(), Optional.empty());

    assertThat(attempt)
        .isEqualTo(
            new Attempt(
                opened.id(),
                1,
                AttemptKind.FIRST,
                NODE,
                T0.plusMillis(40),
                T0.plusMillis(40),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false));
    assertThat(done.endedAt()).contains(T0.plusMillis(2040));
    assertThat(done.outcome()).contains(SUCCEEDED);
    assertThat(done.exitCode()).contains(0);
    assertThat(done.detail()).contains("exit 0");
    assertThat(ledger.attempts(opened.id())).containsExactly(done);
    assertThat(finished.status()).isEqualTo(SUCCEEDED);
    assertThat(finished.startedAt()).contains(T0.plusMillis(40));
    assertThat(finished.endedAt()).contains(T0.plusMillis(2040));
    assertThat(finished.attempts()).isEqualTo(1);
    assertThat(finished.error()).isEmpty();
    assertThat(ledger.run(opened.id())).contains(finished);
    assertThat(started.seq()).isEqualTo(1);
    assertThat(progress.seq()).isEqualTo(2);
    List<RunEvent> events = ledger.events(opened.id(), 0, 100);
    assertThat(events).hasSize(3).startsWith(started, progress);
    RunEvent end = events.get(2);
    assertThat(end.type())
        .as("the end of the run and its event commit together: a reader never sees one alone")
        .isEqualTo("run.finished");
    assertThat(end.seq()).isEqualTo(3);
    assertThat(end.data()).containsExactly(Map.entry("status", "succeeded"));
    assertThat(progress.data())
        .containsExactly(Map.entry("percent", "50"), Map.entry("phase", "load"));
  }

  @Test
  void instants_are_stored_as_utc_to_the_millisecond_whatever_the_jvm_zone() throws SQLException {
    assertThat(ZoneId.systemDefault().getRules().getOffset(T0)).isNotEqualTo(ZoneOffset.UTC);
    Instant fire = Instant.parse("2026-10-25T00:59:59.999999Z");

    Run run = scheduled(fire);

    assertThat(run.intendedFire()).isEqualTo(Instant.parse("2026-10-25T00:59:59.999Z"));
    var row = rows("SELECT intended_fire, fire_key FROM cs_run").get(0);
    assertThat(((Number) row.get("fire_key")).longValue())
        .isEqualTo(run.intendedFire().toEpochMilli());
    try (Connection c = database().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT intended_fire FROM cs_run")) {
      rs.next();
      assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(run.intendedFire());
    }
    assertThat(ledger.byIntendedFire(JOB, fire)).contains(run);
  }

  @Test
  void an_error_envelope_round_trips_with_its_details() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE);
    ledger.finishAttempt(run.id(), 1, TIMED_OUT, Optional.empty(), "killed after PT30M");
    ErrorEnvelope error =
        ErrorEnvelope.of(
            ErrorCode.JOB_RETRY_EXHAUSTED,
            "3 attempts, the last timed out",
            JOB,
            List.of(
                new Problem("attempts[2]", "job_timeout: killed after PT30M"),
                new Problem("$", "quotes \" and ünïcode")));

    Run finished = ledger.finish(run.id(), TIMED_OUT, Optional.of(error), Optional.empty());

    assertThat(finished.error()).contains(error);
    assertThat(ledger.run(run.id()).orElseThrow().error()).contains(error);
    assertThat(ledger.events(run.id(), 0, 100))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo("run.finished"))
        .satisfies(e -> assertThat(e.message()).isEqualTo("3 attempts, the last timed out"));
    assertThat(ledger.attempts(run.id()).get(0).exitCode()).isEmpty();
  }

  @Test
  void a_skipped_run_carries_its_policys_error() {
    Run run = scheduled(T0);

    Run skipped = ledger.skip(run.id(), ErrorCode.JOB_SKIPPED_MISFIRE, "missed by PT5M");

    assertThat(skipped.status()).isEqualTo(SKIPPED);
    assertThat(skipped.endedAt()).contains(T0);
    assertThat(skipped.error().orElseThrow().error().code()).isEqualTo("job_skipped_misfire");
    assertThat(skipped.error().orElseThrow().error().jobId()).isEqualTo(JOB);
    assertThat(ledger.run(run.id())).contains(skipped);
    assertThatThrownBy(
            () -> ledger.skip(scheduled(T0.plusSeconds(1)).id(), ErrorCode.JOB_FAILED, "no"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_cancelled_run_carries_its_reason_and_no_other_status_takes_one() {
    Run queued = scheduled(T0);
    assertThatThrownBy(
            () -> ledger.finish(queued.id(), CANCELLED, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ledger.finish(queued.id(), CANCELLED, Optional.empty(), Optional.of("bored")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ledger.finish(queued.id(), FAILED, Optional.empty(), Optional.of("operator")))
        .isInstanceOf(IllegalArgumentException.class);

    Run cancelled =
        ledger.finish(
            queued.id(),
            CANCELLED,
            Optional.of(
                ErrorEnvelope.of(ErrorCode.JOB_CANCELLED, "cancelled by alice", JOB, List.of())),
            Optional.of("operator"));

    assertThat(ledger.run(queued.id()).orElseThrow().reason()).contains("operator");
    assertThat(cancelled.status()).isEqualTo(CANCELLED);
  }

  // --- transitions fail loudly ---

  @Test
  void finishing_an_ended_run_fails_loudly_naming_the_run_and_both_statuses() {
    Run run = ended(T0, SUCCEEDED);

    assertIllegal(() -> ledger.finish(run.id(), FAILED, Optional.empty(), Optional.empty()))
        .hasMessageContaining(JOB + "#1")
        .hasMessageContaining("succeeded cannot become failed");
    assertIllegal(() -> ledger.skip(run.id(), ErrorCode.JOB_SKIPPED_OVERLAP, "late"));
    assertIllegal(() -> ledger.startAttempt(run.id(), AttemptKind.RETRY, NODE));
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(SUCCEEDED);
  }

  @Test
  void a_run_cannot_skip_once_running_nor_succeed_without_an_attempt() {
    Run queued = scheduled(T0);
    assertIllegal(() -> ledger.finish(queued.id(), SUCCEEDED, Optional.empty(), Optional.empty()))
        .hasMessageContaining("queued cannot become succeeded");
    assertIllegal(() -> ledger.startAttempt(queued.id(), AttemptKind.RETRY, NODE))
        .hasMessageContaining("retry needs");

    ledger.startAttempt(queued.id(), AttemptKind.FIRST, NODE);

    assertIllegal(() -> ledger.skip(queued.id(), ErrorCode.JOB_SKIPPED_OVERLAP, "x"))
        .hasMessageContaining("running cannot become skipped");
    assertThatThrownBy(
            () -> ledger.finish(queued.id(), RUNNING, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void one_attempt_at_a_time_and_each_attempt_ends_once() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE);

    assertIllegal(() -> ledger.startAttempt(run.id(), AttemptKind.RETRY, NODE))
        .hasMessageContaining("still running");
    assertIllegal(() -> ledger.finish(run.id(), FAILED, Optional.empty(), Optional.empty()))
        .hasMessageContaining("attempt(s) 1 (owner 'node-a') still running");

    for (RunStatus notAnOutcome : List.of(QUEUED, RUNNING, SKIPPED)) {
      assertThatThrownBy(
              () -> ledger.finishAttempt(run.id(), 1, notAnOutcome, Optional.empty(), ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
    ledger.finishAttempt(run.id(), 1, FAILED, Optional.of(3), "exit 3");
    assertIllegal(() -> ledger.finishAttempt(run.id(), 1, SUCCEEDED, Optional.of(0), "again"))
        .hasMessageContaining("already ended failed");
    assertIllegal(() -> ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE))
        .hasMessageContaining("not a first attempt");

    Attempt retry = ledger.startAttempt(run.id(), AttemptKind.RETRY, "node-b");
    assertThat(retry.attemptNo()).isEqualTo(2);
    ledger.finishAttempt(run.id(), 2, SUCCEEDED, Optional.of(0), "");
    assertThat(ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty()).attempts())
        .isEqualTo(2);
    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::attemptNo, Attempt::kind, Attempt::owner)
        .containsExactly(tuple(1, AttemptKind.FIRST, NODE), tuple(2, AttemptKind.RETRY, "node-b"));
  }

  @Test
  void unknown_runs_and_attempts_are_job_not_found() {
    RunId missing = new RunId(JOB, 7);

    assertThat(ledger.run(missing)).isEmpty();
    for (ThrowingCall call :
        List.<ThrowingCall>of(
            () -> ledger.startAttempt(missing, AttemptKind.FIRST, NODE),
            () -> ledger.event(missing, 0, "x", "y", Map.of()),
            () -> ledger.finish(missing, FAILED, Optional.empty(), Optional.empty()),
            () -> ledger.finishAttempt(scheduled(T0).id(), 1, FAILED, Optional.empty(), ""))) {
      assertThatThrownBy(call::call)
          .isInstanceOfSatisfying(
              CronstoneException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
    }
  }

  // --- one run per intended fire, refused by the database ---

  @Test
  void a_second_open_of_the_same_intended_fire_is_refused_and_uses_no_run_number()
      throws SQLException {
    Run first = scheduled(T0);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RunLedger.class);
    logger.addAppender(log);
    log.start();
    try {
      assertThat(ledger.openScheduled(JOB, RunKind.SCHEDULED, T0, "node-b")).isEmpty();
      assertThat(ledger.openScheduled(JOB, RunKind.CATCH_UP, T0, "node-c")).isEmpty();
    } finally {
      logger.detachAppender(log);
    }

    assertThat(log.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.WARN, Level.WARN);
    assertThat(log.list.get(0).getFormattedMessage())
        .contains(
            "[node-b] refused a second scheduled run of '" + JOB + "'",
            T0.toString(),
            JOB + "#1",
            "requested by '" + NODE + "'");
    assertThat(log.list.get(1).getFormattedMessage())
        .contains("[node-c] refused a second catch_up run");

    assertThat(ledger.history(JOB, 10, Optional.empty())).containsExactly(first);
    assertThat(scheduled(T0.plusSeconds(60)).id().runNo()).isEqualTo(2);
    assertThat(ledger.openScheduled("other-job", RunKind.SCHEDULED, T0, NODE).orElseThrow().id())
        .isEqualTo(new RunId("other-job", 1));
    assertThat(rows("SELECT last_run_no FROM cs_run_counter WHERE job_id = ?", JOB))
        .extracting(r -> ((Number) r.get("last_run_no")).longValue())
        .containsExactly(2L);
  }

  @Test
  void the_database_itself_refuses_a_duplicate_fire_key() {
    scheduled(T0);

    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO cs_run (job_id, run_no, kind, intended_fire, fire_key, status,"
                        + " requested_by, created_at) VALUES (?, 99, 'catch_up', ?, ?, 'queued', 'raw-sql', ?)",
                    JOB,
                    OffsetDateTime.ofInstant(T0, ZoneOffset.UTC),
                    T0.toEpochMilli(),
                    OffsetDateTime.ofInstant(T0, ZoneOffset.UTC)))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"))
        .hasMessageContaining(
            database().dialect().equals("h2") ? "UQ_CS_RUN_FIRE" : "uq_cs_run_fire");
  }

  @Test
  void manual_and_replay_runs_of_the_same_instant_are_allowed() {
    Run original = scheduled(T0);

    Run manual = ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.empty(), "alice");
    Run manualAgain = ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.empty(), "bob");
    Run replay =
        ledger.openManual(JOB, RunKind.REPLAY, T0, Optional.of(original.id().runNo()), "alice");
    Run replayAgain = ledger.openManual(JOB, RunKind.REPLAY, T0, Optional.empty(), "alice");

    assertThat(List.of(manual, manualAgain, replay, replayAgain))
        .extracting(r -> r.id().runNo())
        .containsExactly(2L, 3L, 4L, 5L);
    assertThat(ledger.run(replay.id()).orElseThrow().replayOf()).contains(1L);
    assertThat(ledger.run(replay.id()).orElseThrow().kind()).isEqualTo(RunKind.REPLAY);
    assertThat(ledger.byIntendedFire(JOB, T0)).contains(original);
    assertThatThrownBy(() -> ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.of(1L), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.openManual(JOB, RunKind.SCHEDULED, T0, Optional.empty(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.openScheduled(JOB, RunKind.MANUAL, T0, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void run_numbers_continue_after_every_run_is_pruned_and_after_a_lost_counter_row()
      throws SQLException {
    ended(T0, SUCCEEDED);
    ended(T0.plusSeconds(1), FAILED);
    assertThat(ledger.prune(JOB, OptionalInt.of(0), Optional.empty(), false).pruned()).hasSize(2);

    assertThat(scheduled(T0.plusSeconds(2)).id().runNo()).isEqualTo(3);

    execute("DELETE FROM cs_run_counter");
    assertThat(scheduled(T0.plusSeconds(3)).id().runNo()).isEqualTo(4);
  }

  @Test
  void concurrent_opens_of_one_fire_in_one_process_give_exactly_one_run() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<Run>>> opens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String node = "node-" + i;
      opens.add(
          threads.submit(
              () -> {
                go.await();
                return ledger.openScheduled(JOB, RunKind.SCHEDULED, T0, node);
              }));
    }
    go.countDown();
    List<Run> opened = new ArrayList<>();
    for (Future<Optional<Run>> open : opens) {
      open.get(60, TimeUnit.SECONDS).ifPresent(opened::add);
    }

    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).id().runNo()).isEqualTo(1);
    assertThat(ledger.history(JOB, 10, Optional.empty())).hasSize(1);
  }

  @Test
  void run_numbers_stay_gap_free_and_unique_with_four_threads_in_each_of_two_processes(
      @TempDir Path dir) throws Exception {
    int iterations = 120;
    TestDatabase db = database();
    List<LedgerProcess> processes = new ArrayList<>();
    for (int p = 0; p < LedgerProcess.PROCESSES; p++) {
      processes.add(
          LedgerProcess.start(
              dir,
              "node-" + p,
              db.url(),
              db.storeConfig().user(),
              db.storeConfig().password(),
              iterations));
    }
    List<String> lines = new ArrayList<>();
    for (LedgerProcess process : processes) {
      lines.addAll(process.await());
    }

    int workers = LedgerProcess.PROCESSES * LedgerProcess.THREADS;
    long sharedFires = LedgerProcess.sharedFires(iterations);
    long ownFires = LongStream.range(0, iterations).filter(i -> i % 3 == 1).count() * workers;
    long manual = LongStream.range(0, iterations).filter(i -> i % 3 == 2).count() * workers;
    assertThat(lines).hasSize(iterations * workers);
    assertThat(lines.stream().filter(l -> l.startsWith("refused")))
        .hasSize((int) (sharedFires * (workers - 1)));
    assertThat(lines.stream().filter(l -> l.startsWith("opened")))
        .hasSize((int) (sharedFires + ownFires + manual));
    for (String job : List.of(LedgerProcess.jobOf(0), LedgerProcess.jobOf(1))) {
      List<Long> runNos =
          rows("SELECT run_no FROM cs_run WHERE job_id = ? ORDER BY run_no", job).stream()
              .map(r -> ((Number) r.get("run_no")).longValue())
              .toList();
      assertThat(runNos)
          .as(job + ": 1..N, no gaps, no repeats")
          .isEqualTo(LongStream.rangeClosed(1, runNos.size()).boxed().toList());
      assertThat(rows("SELECT last_run_no FROM cs_run_counter WHERE job_id = ?", job))
          .extracting(r -> ((Number) r.get("last_run_no")).longValue())
          .containsExactly((long) runNos.size());
    }
    assertThat(rows("SELECT COUNT(*) AS n FROM cs_run"))
        .extracting(r -> ((Number) r.get("n")).longValue())
        .containsExactly(sharedFires + ownFires + manual);
    assertThat(
            rows(
                "SELECT job_id, fire_key, COUNT(*) AS n FROM cs_run WHERE fire_key IS NOT NULL"
                    + " GROUP BY job_id, fire_key HAVING COUNT(*) > 1"))
        .as("fires with more than one run")
        .isEmpty();
    for (int k = 0; k < sharedFires; k++) {
      assertThat(ledger.byIntendedFire(LedgerProcess.jobOf(k), LedgerProcess.sharedFire(k)))
          .as("shared fire " + k)
          .isPresent();
    }
    assertThat(
            rows(
                    "SELECT requested_by FROM cs_run WHERE fire_key IS NOT NULL AND intended_fire < ?",
                    OffsetDateTime.ofInstant(LedgerProcess.OWN, ZoneOffset.UTC))
                .stream()
                .map(r -> r.get("requested_by").toString().split("/")[0])
                .distinct())
        .as("both processes won some of the fires they raced for")
        .containsExactlyInAnyOrder("node-0", "node-1");
    assertThat(rows("SELECT COUNT(*) AS n FROM cs_run WHERE kind = 'manual'"))
        .extracting(r -> ((Number) r.get("n")).longValue())
        .containsExactly(manual);
  }

  // --- events ---

  @Test
  void events_are_ordered_with_gap_free_seq_under_concurrent_writers_and_page() throws Exception {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE);
    int writers = 4;
    int each = 25;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String writer = "w" + w;
      results.add(
          threads.submit(
              () -> {
                go.await();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  seqs.add(
                      ledger
                          .event(
                              run.id(),
                              1,
                              "log",
                              writer + " line " + i,
                              Map.of("writer", writer, "i", "" + i))
                          .seq());
                }
                return seqs;
              }));
    }
    go.countDown();
    for (Future<List<Long>> result : results) {
      assertThat(result.get(60, TimeUnit.SECONDS))
          .as("a writer's own events are in its order")
          .isSorted();
    }

    List<RunEvent> all = ledger.events(run.id(), 0, RunLedger.MAX_PAGE);
    assertThat(all)
        .extracting(RunEvent::seq)
        .isEqualTo(LongStream.rangeClosed(1, (long) writers * each).boxed().toList());
    for (int w = 0; w < writers; w++) {
      String writer = "w" + w;
      assertThat(
              all.stream()
                  .filter(e -> e.data().get("writer").equals(writer))
                  .map(e -> Integer.parseInt(e.data().get("i"))))
          .as(writer)
          .isSorted()
          .hasSize(each);
    }
    List<RunEvent> paged = new ArrayList<>();
    long after = 0;
    for (List<RunEvent> page = ledger.events(run.id(), after, 7);
        !page.isEmpty();
        page = ledger.events(run.id(), after, 7)) {
      assertThat(page.size()).isLessThanOrEqualTo(7);
      paged.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    assertThat(paged).isEqualTo(all);
    assertThat(ledger.events(run.id(), (long) writers * each, 10)).isEmpty();
    assertThatThrownBy(() -> ledger.events(run.id(), 0, 0))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void each_run_numbers_its_own_events_and_long_messages_are_cut() {
    Run a = scheduled(T0);
    Run b = scheduled(T0.plusSeconds(1));

    assertThat(ledger.event(a.id(), 0, "run.queued", "a", Map.of()).seq()).isEqualTo(1);
    assertThat(ledger.event(b.id(), 0, "run.queued", "b", Map.of()).seq()).isEqualTo(1);
    RunEvent longOne =
        ledger.event(a.id(), 0, "log", "x".repeat(RunLedger.MAX_TEXT + 10), Map.of());

    assertThat(longOne.seq()).isEqualTo(2);
    assertThat(longOne.message().length()).isEqualTo(RunLedger.MAX_TEXT);
    assertThat(longOne.message().substring(RunLedger.MAX_TEXT - 20)).endsWith("x … (truncated)");
    assertThat(ledger.events(a.id(), 1, 10)).containsExactly(longOne);
  }

  // --- heartbeats, abandonment, recovery ---

  @Test
  void a_run_whose_owner_stopped_heartbeating_is_abandoned_and_a_heartbeating_one_is_untouched() {
    Duration threshold = Duration.ofSeconds(15);
    Run dead = scheduled(T0);
    Run alive = scheduled(T0.plusSeconds(1));
    ledger.startAttempt(dead.id(), AttemptKind.FIRST, "node-dead");
    ledger.startAttempt(alive.id(), AttemptKind.FIRST, "node-alive");

    for (int second = 5; second <= 30; second += 5) {
      clock.set(T0.plusSeconds(second));
      assertThat(ledger.heartbeat("node-alive", clock.instant())).isEqualTo(1);
      assertThat(ledger.abandonStale(clock.instant(), threshold))
          .as("at +%ds", second)
          .isEqualTo(second > 15 ? (second == 20 ? List.of(dead.id()) : List.of()) : List.of());
    }

    Run abandoned = ledger.run(dead.id()).orElseThrow();
    assertThat(abandoned.status()).isEqualTo(ABANDONED);
    assertThat(abandoned.endedAt()).contains(T0.plusSeconds(20));
    ErrorEnvelope.Body error = abandoned.error().orElseThrow().error();
    assertThat(error.code()).isEqualTo("job_abandoned");
    assertThat(error.message()).contains("node-dead");
    Attempt attempt = ledger.attempts(dead.id()).get(0);
    assertThat(attempt.outcome()).contains(ABANDONED);
    assertThat(attempt.detail().orElseThrow()).contains("node-dead", "stopped heartbeating");
    assertThat(ledger.events(dead.id(), 0, 10))
        .extracting(RunEvent::type, RunEvent::attemptNo)
        .containsExactly(tuple("attempt.abandoned", 1), tuple("run.abandoned", 0));
    assertThat(ledger.run(alive.id()).orElseThrow().status()).isEqualTo(RUNNING);
    assertThat(ledger.attempts(alive.id()).get(0).heartbeatAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(ledger.heartbeat("node-dead", clock.instant()))
        .as("an ended attempt takes no heartbeat")
        .isZero();
  }

  @Test
  void a_heartbeat_skips_an_attempt_another_transaction_is_ending_instead_of_waiting_for_it()
      throws Exception {
    Run ending = scheduled(T0);
    Run running = scheduled(T0.plusSeconds(1));
    ledger.startAttempt(ending.id(), AttemptKind.FIRST, "node-a");
    ledger.startAttempt(running.id(), AttemptKind.FIRST, "node-a");
    clock.set(T0.plusSeconds(5));

    try (Connection c = database().dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement hold =
          c.prepareStatement(
              "UPDATE cs_attempt SET detail = 'ending' WHERE job_id = ? AND run_no = ?")) {
        hold.setString(1, ending.id().jobId());
        hold.setLong(2, ending.id().runNo());
        assertThat(hold.executeUpdate()).isEqualTo(1);
      }
      // A group commit of ends holds its attempts' rows; waiting for them (in another order than
      // it takes them) deadlocked the two.
      int beaten =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10), () -> ledger.heartbeat("node-a", clock.instant()));
      assertThat(beaten).isEqualTo(1);
      c.rollback();
    }
    assertThat(ledger.attempts(running.id()).get(0).heartbeatAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(ledger.attempts(ending.id()).get(0).heartbeatAt()).isEqualTo(T0);
    assertThat(ledger.heartbeat("node-a", clock.instant().plusSeconds(1))).isEqualTo(2);
  }

  @Test
  void a_killed_local_run_is_abandoned_like_any_other() {
    Run run = ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.empty(), "alice");
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "cli:laptop:4242");

    assertThat(ledger.abandonStale(T0.plusSeconds(16), Duration.ofSeconds(15)))
        .containsExactly(run.id());
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(ABANDONED);
  }

  @Test
  void every_node_may_abandon_at_once_and_each_run_is_abandoned_once() throws Exception {
    List<RunId> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Run run = scheduled(T0.plusSeconds(i));
      ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-dead");
      runs.add(run.id());
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<RunId>>> sweeps = new ArrayList<>();
    for (int node = 0; node < 4; node++) {
      RunLedger own = new RunLedger(database().dataSource(), clock);
      sweeps.add(
          threads.submit(
              () -> {
                go.await();
                return own.abandonStale(T0.plusSeconds(60), Duration.ofSeconds(15));
              }));
    }
    go.countDown();
    List<RunId> changed = new ArrayList<>();
    for (Future<List<RunId>> sweep : sweeps) {
      changed.addAll(sweep.get(60, TimeUnit.SECONDS));
    }

    assertThat(changed).containsExactlyInAnyOrderElementsOf(runs);
    for (RunId id : runs) {
      assertThat(ledger.events(id, 0, 10)).as(id.toString()).hasSize(2);
    }
  }

  @Test
  void a_late_result_of_an_abandoned_attempt_is_kept_superseded_and_a_recovery_takes_the_run_on() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-paused");
    ledger.abandonStale(T0.plusSeconds(20), Duration.ofSeconds(15));
    clock.set(T0.plusSeconds(25));

    Attempt late =
        ledger.finishAttempt(run.id(), 1, SUCCEEDED, Optional.of(0), "finished after a long pause");

    assertThat(late.superseded()).isTrue();
    assertThat(late.outcome()).contains(SUCCEEDED);
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(ABANDONED);
    assertIllegal(() -> ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty()))
        .hasMessageContaining("abandoned cannot become succeeded");
    assertIllegal(() -> ledger.startAttempt(run.id(), AttemptKind.RETRY, NODE))
        .hasMessageContaining("recovery attempt");

    Attempt recovery = ledger.startAttempt(run.id(), AttemptKind.RECOVERY, "node-b");

    Run recovering = ledger.run(run.id()).orElseThrow();
    assertThat(recovery.attemptNo()).isEqualTo(2);
    assertThat(recovering.status()).isEqualTo(RUNNING);
    assertThat(recovering.error()).isEmpty();
    assertThat(recovering.endedAt()).isEmpty();
    ledger.finishAttempt(run.id(), 2, SUCCEEDED, Optional.of(0), "");
    assertThat(ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty()).status())
        .isEqualTo(SUCCEEDED);
  }

  @Test
  void a_recovery_attempt_fences_an_attempt_still_marked_running() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-paused");

    ledger.startAttempt(run.id(), AttemptKind.RECOVERY, "node-b");

    assertThat(ledger.attempts(run.id()))
        .extracting(Attempt::attemptNo, Attempt::superseded, Attempt::running)
        .containsExactly(tuple(1, true, true), tuple(2, false, true));
    Attempt late = ledger.finishAttempt(run.id(), 1, FAILED, Optional.of(1), "late");
    assertThat(late.superseded()).isTrue();
    assertIllegal(() -> ledger.finish(run.id(), FAILED, Optional.empty(), Optional.empty()))
        .as("the recovery attempt still runs")
        .hasMessageContaining("attempt(s) 2 (owner 'node-b') still running");
    ledger.finishAttempt(run.id(), 2, SUCCEEDED, Optional.of(0), "");
    assertThat(ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty()).attempts())
        .isEqualTo(2);
  }

  @Test
  void abandoning_a_superseded_attempt_leaves_the_recovering_run_running() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-paused");
    clock.set(T0.plusSeconds(10));
    ledger.startAttempt(run.id(), AttemptKind.RECOVERY, "node-b");

    assertThat(ledger.abandonStale(T0.plusSeconds(20), Duration.ofSeconds(15)))
        .containsExactly(run.id());

    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RUNNING);
    assertThat(ledger.attempts(run.id()))
        .extracting(a -> a.outcome().orElse(null))
        .containsExactly(ABANDONED, null);
  }

  @Test
  void abandoning_a_superseded_attempt_after_the_recovery_ended_leaves_the_run_to_its_owner() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-dead");
    clock.set(T0.plusSeconds(10));
    ledger.startAttempt(run.id(), AttemptKind.RECOVERY, "node-b");
    // node-b has ended its attempt and is about to end the run when the sweep runs.
    ledger.finishAttempt(run.id(), 2, SUCCEEDED, Optional.of(0), "");

    assertThat(ledger.abandonStale(T0.plusSeconds(20), Duration.ofSeconds(15)))
        .containsExactly(run.id());

    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RUNNING);
    assertThat(ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty()).status())
        .isEqualTo(SUCCEEDED);
    assertThat(ledger.attempts(run.id()))
        .extracting(a -> a.outcome().orElse(null))
        .containsExactly(ABANDONED, SUCCEEDED);
  }

  @Test
  void a_run_whose_owner_died_between_ending_its_attempt_and_ending_it_is_abandoned_later() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-dead");
    ledger.finishAttempt(run.id(), 1, SUCCEEDED, Optional.of(0), "");
    Duration threshold = Duration.ofSeconds(15);

    assertThat(ledger.abandonStale(T0.plusSeconds(60), threshold)).isEmpty();
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RUNNING);

    assertThat(ledger.abandonStale(T0.plusSeconds(76), threshold)).containsExactly(run.id());
    Run ended = ledger.run(run.id()).orElseThrow();
    assertThat(ended.status()).isEqualTo(ABANDONED);
    assertThat(ended.error().orElseThrow().error().message())
        .contains("attempt 1 (owner 'node-dead') ended succeeded")
        .contains("never ended the run");
    assertThat(ledger.abandonStale(T0.plusSeconds(90), threshold)).isEmpty();
  }

  @Test
  void a_run_waiting_for_its_retry_is_never_an_orphan() {
    Run run = scheduled(T0);
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-a");
    ledger.finishAttempt(run.id(), 1, FAILED, Optional.of(1), "");
    ledger.awaitRetry(run.id(), 1, T0.plusSeconds(3600));

    assertThat(ledger.abandonStale(T0.plusSeconds(600), Duration.ofSeconds(15))).isEmpty();
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RUNNING);
  }

  // --- reads ---

  @Test
  void history_pages_newest_first_by_run_number() {
    for (int i = 0; i < 7; i++) {
      ended(T0.plusSeconds(i), SUCCEEDED);
    }

    List<Long> seen = new ArrayList<>();
    Optional<Long> before = Optional.empty();
    for (List<Run> page = ledger.history(JOB, 3, before);
        !page.isEmpty();
        page = ledger.history(JOB, 3, before)) {
      page.forEach(r -> seen.add(r.id().runNo()));
      before = Optional.of(page.get(page.size() - 1).id().runNo());
    }

    assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(ledger.history("nobody", 10, Optional.empty())).isEmpty();
    assertThat(ledger.history(JOB, 2, Optional.of(2L)))
        .extracting(r -> r.id().runNo())
        .containsExactly(1L);
  }

  @Test
  void active_or_latest_is_the_oldest_active_run_else_the_newest() {
    assertThat(ledger.activeOrLatest(JOB)).isEmpty();
    ended(T0, SUCCEEDED);
    Run running = scheduled(T0.plusSeconds(1));
    ledger.startAttempt(running.id(), AttemptKind.FIRST, NODE);
    Run queued = scheduled(T0.plusSeconds(2));
    ended(T0.plusSeconds(3), FAILED);

    assertThat(ledger.activeOrLatest(JOB).orElseThrow().id()).isEqualTo(running.id());
    ledger.finishAttempt(running.id(), 1, SUCCEEDED, Optional.empty(), "");
    ledger.finish(running.id(), SUCCEEDED, Optional.empty(), Optional.empty());
    assertThat(ledger.activeOrLatest(JOB).orElseThrow().id()).isEqualTo(queued.id());
    ledger.skip(queued.id(), ErrorCode.JOB_SKIPPED_OVERLAP, "busy");
    assertThat(ledger.activeOrLatest(JOB).orElseThrow().id()).isEqualTo(new RunId(JOB, 4));
  }

  @Test
  void by_intended_fire_finds_only_the_scheduled_or_catch_up_run_of_that_instant() {
    ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.empty(), "alice");
    assertThat(ledger.byIntendedFire(JOB, T0)).isEmpty();
    Run catchUp = ledger.openScheduled(JOB, RunKind.CATCH_UP, T0, NODE).orElseThrow();

    assertThat(ledger.byIntendedFire(JOB, T0)).contains(catchUp);
    assertThat(ledger.byIntendedFire(JOB, T0.plusMillis(1))).isEmpty();
    assertThat(ledger.byIntendedFire("other", T0)).isEmpty();
  }

  // --- prune ---

  @Test
  void prune_keeps_the_newest_runs_and_never_touches_queued_or_running_ones() {
    ended(T0, SUCCEEDED);
    Run running = scheduled(T0.plusSeconds(1));
    ledger.startAttempt(running.id(), AttemptKind.FIRST, NODE);
    Run queued = scheduled(T0.plusSeconds(2));
    ended(T0.plusSeconds(3), FAILED);
    ended(T0.plusSeconds(4), SKIPPED);
    ended(T0.plusSeconds(5), CANCELLED);
    ledger.event(new RunId(JOB, 1), 1, "log", "x", Map.of());

    PruneResult dry = ledger.prune(JOB, OptionalInt.of(2), Optional.empty(), true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.pruned()).containsExactly(new RunId(JOB, 1), new RunId(JOB, 4));
    assertThat(ledger.history(JOB, 10, Optional.empty())).hasSize(6);

    PruneResult real = ledger.prune(JOB, OptionalInt.of(2), Optional.empty(), false);

    assertThat(real.pruned()).isEqualTo(dry.pruned());
    assertThat(ledger.history(JOB, 10, Optional.empty()))
        .extracting(r -> r.id().runNo())
        .containsExactly(6L, 5L, 3L, 2L);
    assertThat(ledger.attempts(new RunId(JOB, 1))).isEmpty();
    assertThat(ledger.events(new RunId(JOB, 1), 0, 10)).isEmpty();
    assertThat(ledger.prune(JOB, OptionalInt.of(0), Optional.empty(), false).pruned())
        .containsExactly(new RunId(JOB, 5), new RunId(JOB, 6));
    assertThat(ledger.history(JOB, 10, Optional.empty()))
        .extracting(Run::id)
        .containsExactly(queued.id(), running.id());
  }

  @Test
  void prune_older_than_goes_by_when_a_run_ended_and_either_rule_prunes() {
    ended(T0, SUCCEEDED);
    clock.advance(Duration.ofDays(10));
    ended(T0.plusSeconds(1), SUCCEEDED);
    clock.advance(Duration.ofDays(10));
    ended(T0.plusSeconds(2), SUCCEEDED);
    ended(T0.plusSeconds(3), SUCCEEDED);
    ledger.openScheduled("other", RunKind.SCHEDULED, T0, NODE);
    Run otherOld = ledger.history("other", 1, Optional.empty()).get(0);
    clock.advance(Duration.ofDays(1));

    assertThat(
            ledger
                .prune(JOB, OptionalInt.empty(), Optional.of(Duration.ofDays(15)), false)
                .pruned())
        .containsExactly(new RunId(JOB, 1));
    assertThat(ledger.prune(JOB, OptionalInt.of(1), Optional.of(Duration.ofDays(5)), true).pruned())
        .containsExactly(new RunId(JOB, 2), new RunId(JOB, 3));
    assertThat(
            ledger.prune(JOB, OptionalInt.of(3), Optional.of(Duration.ofDays(5)), false).pruned())
        .containsExactly(new RunId(JOB, 2));
    assertThat(ledger.run(otherOld.id())).as("another job's queued run").isPresent();
  }

  @Test
  void prune_needs_a_rule_and_sane_values() {
    for (ThrowingCall call :
        List.<ThrowingCall>of(
            () -> ledger.prune(JOB, OptionalInt.empty(), Optional.empty(), true),
            () -> ledger.prune(JOB, OptionalInt.of(-1), Optional.empty(), true),
            () -> ledger.prune(JOB, OptionalInt.empty(), Optional.of(Duration.ofDays(-1)), true))) {
      assertThatThrownBy(call::call)
          .isInstanceOfSatisfying(
              CronstoneException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }

  @Test
  void prune_running_all_the_time_never_deletes_a_run_that_is_going_on() throws Exception {
    int workers = 3;
    int runsEach = 15;
    CountDownLatch done = new CountDownLatch(workers);
    List<Future<Integer>> pruners = new ArrayList<>();
    pruners.add(
        threads.submit(
            () -> {
              int total = 0;
              while (done.getCount() > 0) {
                total +=
                    ledger.prune(JOB, OptionalInt.of(0), Optional.empty(), false).pruned().size();
              }
              return total;
            }));
    List<Future<?>> runs = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String owner = "node-" + w;
      runs.add(
          threads.submit(
              (Callable<Void>)
                  () -> {
                    try {
                      for (int i = 0; i < runsEach; i++) {
                        Run run =
                            ledger.openManual(JOB, RunKind.MANUAL, T0, Optional.empty(), owner);
                        ledger.startAttempt(run.id(), AttemptKind.FIRST, owner);
                        ledger.event(run.id(), 1, "log", "working", Map.of());
                        ledger.finishAttempt(run.id(), 1, SUCCEEDED, Optional.of(0), "");
                        ledger.finish(run.id(), SUCCEEDED, Optional.empty(), Optional.empty());
                      }
                      return null;
                    } finally {
                      done.countDown();
                    }
                  }));
    }
    for (Future<?> run : runs) {
      run.get(120, TimeUnit.SECONDS);
    }
    int pruned = pruners.get(0).get(60, TimeUnit.SECONDS);
    pruned += ledger.prune(JOB, OptionalInt.of(0), Optional.empty(), false).pruned().size();

    assertThat(pruned).isEqualTo(workers * runsEach);
    assertThat(ledger.history(JOB, 10, Optional.empty())).isEmpty();
  }
}
