package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.FAILED;
import static dev.cronstone.ledger.RunStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's reads of a job's newest runs give the answers the first release's queries gave (a
 * correlated {@code MAX(run_no)}, an {@code ORDER BY run_no}), now that they are index probes; run
 * once per database by the small subclasses.
 */
abstract class LedgerReadsContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00.123Z");
  static final String NODE = "node-a";

  final MutableClock clock = new MutableClock(T0);
  RunLedger ledger;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createLedger() {
    ledger = new RunLedger(db().database().dataSource(), clock);
  }

  Run ended(String job, Instant fire, RunStatus status) {
    Run run = ledger.openScheduled(job, RunKind.SCHEDULED, fire, NODE).orElseThrow();
    ledger.startAttempt(run.id(), AttemptKind.FIRST, NODE);
    ledger.finishAttempt(run.id(), 1, status, Optional.of(0), "done");
    return ledger.finish(run.id(), status, Optional.empty(), Optional.empty());
  }

  Run manual(String job) {
    return ledger.openManual(job, RunKind.MANUAL, clock.instant(), Optional.empty(), "alice");
  }

  /** The first release's query: a correlated MAX over all the job's runs. */
  Map<String, RunId> before(List<String> jobIds, Optional<RunStatus> status) throws SQLException {
    String in = String.join(", ", Collections.nCopies(jobIds.size(), "?"));
    String sql =
        "SELECT r.job_id, r.run_no FROM cs_run r WHERE r.job_id IN ("
            + in
            + ") AND r.run_no = (SELECT MAX(x.run_no) FROM cs_run x WHERE x.job_id = r.job_id"
            + (status.isPresent() ? " AND x.status = ?" : "")
            + ")";
    Map<String, RunId> newest = new HashMap<>();
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (String id : jobIds) {
        s.setString(i++, id);
      }
      if (status.isPresent()) {
        s.setString(i, status.get().code());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          newest.put(rs.getString(1), new RunId(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return newest;
  }

  Map<String, RunId> now(List<String> jobIds, Optional<RunStatus> status) {
    Map<String, RunId> newest = new HashMap<>();
    ledger.newestOf(jobIds, status).forEach((job, run) -> newest.put(job, run.id()));
    return newest;
  }

  @Test
  void newest_run_of_each_job_with_and_without_a_status_is_what_the_correlated_max_said()
      throws SQLException {
    ended("mixed", T0, SUCCEEDED);
    ended("mixed", T0.plusSeconds(60), FAILED);
    ended("mixed", T0.plusSeconds(120), SUCCEEDED);
    ended("mixed", T0.plusSeconds(180), FAILED);
    ended("always-ok", T0, SUCCEEDED);
    ended("always-ok", T0.plusSeconds(60), SUCCEEDED);
    ended("never-ok", T0, FAILED);
    manual("queued-only");
    ended("not-asked", T0, SUCCEEDED);
    List<String> jobs = List.of("mixed", "always-ok", "never-ok", "queued-only", "no-runs");

    assertThat(now(jobs, Optional.empty()))
        .containsOnly(
            Map.entry("mixed", new RunId("mixed", 4)),
            Map.entry("always-ok", new RunId("always-ok", 2)),
            Map.entry("never-ok", new RunId("never-ok", 1)),
            Map.entry("queued-only", new RunId("queued-only", 1)));
    assertThat(now(jobs, Optional.of(SUCCEEDED)))
        .containsOnly(
            Map.entry("mixed", new RunId("mixed", 3)),
            Map.entry("always-ok", new RunId("always-ok", 2)));
    assertThat(now(jobs, Optional.empty())).isEqualTo(before(jobs, Optional.empty()));
    for (RunStatus status : RunStatus.values()) {
      assertThat(now(jobs, Optional.of(status)))
          .as("newest %s run per job", status.code())
          .isEqualTo(before(jobs, Optional.of(status)));
    }
  }

  @Test
  void runs_opened_at_the_same_instant_are_told_apart_by_run_number_alone() throws SQLException {
    Run first = manual("tied");
    Run second = manual("tied");
    Run third = manual("tied");
    ledger.startAttempt(third.id(), AttemptKind.FIRST, NODE);
    ledger.finishAttempt(third.id(), 1, SUCCEEDED, Optional.of(0), "done");
    ledger.finish(third.id(), SUCCEEDED, Optional.empty(), Optional.empty());
    ledger.startAttempt(first.id(), AttemptKind.FIRST, NODE);
    ledger.finishAttempt(first.id(), 1, SUCCEEDED, Optional.of(0), "done");
    ledger.finish(first.id(), SUCCEEDED, Optional.empty(), Optional.empty());
    List<String> jobs = List.of("tied");

    assertThat(second.createdAt()).isEqualTo(first.createdAt()).isEqualTo(third.createdAt());
    assertThat(now(jobs, Optional.empty())).containsEntry("tied", third.id());
    assertThat(now(jobs, Optional.of(SUCCEEDED))).containsEntry("tied", third.id());
    assertThat(now(jobs, Optional.of(RunStatus.QUEUED))).containsEntry("tied", second.id());
    assertThat(now(jobs, Optional.empty())).isEqualTo(before(jobs, Optional.empty()));
    assertThat(now(jobs, Optional.of(SUCCEEDED))).isEqualTo(before(jobs, Optional.of(SUCCEEDED)));
  }

  @Test
  void no_ids_repeated_ids_and_a_page_longer_than_one_statement_give_one_answer_per_job()
      throws SQLException {
    assertThat(ledger.newestOf(List.of(), Optional.empty())).isEmpty();
    ended("job-007", T0, SUCCEEDED);
    ended("job-007", T0.plusSeconds(60), FAILED);
    ended("job-222", T0, SUCCEEDED);
    List<String> page =
        new ArrayList<>(
            IntStream.range(0, 250).mapToObj(i -> String.format("job-%03d", i)).toList());
    page.add("job-007");

    Map<String, Run> newest = ledger.newestOf(page, Optional.empty());

    assertThat(newest).containsOnlyKeys("job-007", "job-222");
    assertThat(newest.get("job-007").id().runNo()).isEqualTo(2);
    assertThat(now(page, Optional.empty())).isEqualTo(before(page, Optional.empty()));
    assertThat(now(page, Optional.of(SUCCEEDED))).isEqualTo(before(page, Optional.of(SUCCEEDED)));
    assertThat(ledger.newestOf(page, Optional.of(FAILED)).get("job-007").id().runNo()).isEqualTo(2);
  }

  @Test
  void the_newest_run_read_alone_is_the_newest_read_for_the_page() {
    ended("solo", T0, SUCCEEDED);
    ended("solo", T0.plusSeconds(60), FAILED);

    assertThat(ledger.newestOf(List.of("solo"), Optional.empty()).get("solo"))
        .isEqualTo(ledger.history("solo", 1, Optional.empty()).get(0))
        .isEqualTo(ledger.activeOrLatest("solo").orElseThrow());
    assertThat(ledger.newestOf(List.of("solo"), Optional.of(SUCCEEDED)).get("solo"))
        .isEqualTo(ledger.history("solo", 1, Optional.empty(), SUCCEEDED).get(0));
    assertThat(ledger.history("nobody", 1, Optional.empty(), SUCCEEDED)).isEmpty();
  }

  @Test
  void history_of_one_status_pages_newest_first_below_a_run_number() {
    for (int i = 0; i < 9; i++) {
      ended("paged", T0.plusSeconds(60L * i), i % 3 == 0 ? FAILED : SUCCEEDED);
    }

    List<Long> failed = new ArrayList<>();
    Optional<Long> below = Optional.empty();
    for (List<Run> page = ledger.history("paged", 2, below, FAILED);
        !page.isEmpty();
        page = ledger.history("paged", 2, below, FAILED)) {
      page.forEach(r -> failed.add(r.id().runNo()));
      below = Optional.of(page.get(page.size() - 1).id().runNo());
    }

    assertThat(failed).containsExactly(7L, 4L, 1L);
    assertThat(ledger.history("paged", 3, Optional.of(6L), SUCCEEDED))
        .extracting(r -> r.id().runNo())
        .containsExactly(5L, 3L, 2L);
  }
}
