package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.MetricsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.NodeMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.store.MissedFires;
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
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run instrumentation on a real ledger and a real Prometheus registry (run once per database by
 * the subclasses): runs go through the driver as on a node, and the test reads the scrape text.
 */
abstract class RunMetricsContractTest {
  static final Instant T0 = Instant.parse("2026-06-01T12:00:01.250Z");

  final MutableClock clock = new MutableClock(T0);
  final List<String> retries = new ArrayList<>();
  @TempDir Path artifacts;
  NodeMetrics metrics;
  RunLedger ledger;

  protected abstract DatabaseExtension db();

  @AfterEach
  void closeMetrics() {
    if (metrics != null) {
      metrics.close();
    }
  }

  RunDriver driver(List<String> perJobLabels, int maxPerJobLabels) {
    metrics =
        NodeMetrics.create(new MetricsConfig(true, perJobLabels, maxPerJobLabels), "node-m", 4);
    ledger = new RunLedger(db().database().dataSource(), clock);
    return new RunDriver(
        "node-m",
        ledger,
        new TaskExecutor(name -> Optional.empty(), 4096),
        new ArtifactWriter(
            new ArtifactsConfig(
                artifacts, 4096, new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER),
        name -> Optional.empty(),
        (run, attemptNo, at) -> retries.add(run + "/" + attemptNo),
        run -> {},
        clock,
        metrics);
  }

  JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  Run manual(JobSpec spec) {
    return ledger.openManual(
        spec.id(), RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
  }

  Exposition scrape() {
    return Exposition.parse(metrics.scrape());
  }

  @Test
  void counters_move_per_outcome_with_the_job_label_only_for_the_configured_jobs()
      throws Exception {
    RunDriver driver = driver(List.of("ok", "flaky"), 50);
    JobSpec ok = spec("id: ok\ntask: { type: builtin, name: noop }\n");
    JobSpec flaky =
        spec(
            """
            id: flaky
            task: { type: builtin, name: fail, args: { message: "disk full" } }
            retry: { maxAttempts: 2, backoff: fixed, initialDelay: PT10S, retryOn: [failed] }
            """);
    JobSpec other = spec("id: other\ntask: { type: builtin, name: fail }\n");
    JobSpec busy =
        spec(
            "id: busy\ntask: { type: builtin, name: noop }\n"
                + "limits: { maxConcurrent: 1, overlap: skip }\n");

    clock.advance(Duration.ofMillis(40)); // the attempts start 40 ms after their request
    Run okRun = ledger.openManual("ok", RunKind.MANUAL, T0, Optional.empty(), "tester");
    Run okEnded = driver.run(ok, okRun, AttemptKind.FIRST);
    Run flakyRun = driver.run(flaky, manual(flaky), AttemptKind.FIRST);
    assertThat(retries).containsExactly(flakyRun.id() + "/2");
    clock.advance(Duration.ofSeconds(10));
    driver.fired(
        flaky, new FireRequest(clock.instant(), OptionalLong.of(flakyRun.id().runNo()), false));
    driver.run(other, manual(other), AttemptKind.FIRST);
    Run holder = manual(busy);
    ledger.startAttempt(holder.id(), AttemptKind.FIRST, "node-x");
    driver.run(busy, manual(busy), AttemptKind.FIRST);

    assertThat(okEnded.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ledger.run(flakyRun.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    Exposition e = scrape();
    String finished = "cronstone_runs_finished_total";
    assertThat(e.type(finished)).isEqualTo("counter");
    assertThat(e.value(finished, Map.of("job", "ok", "status", "succeeded"))).isEqualTo(1);
    assertThat(e.value(finished, Map.of("job", "flaky", "status", "failed"))).isEqualTo(1);
    assertThat(e.value(finished, Map.of("job", "_other", "status", "failed"))).isEqualTo(1);
    assertThat(e.value(finished, Map.of("job", "_other", "status", "skipped"))).isEqualTo(1);
    assertThat(e.labelValues(finished, "job")).containsExactly("_other", "flaky", "ok");
    assertThat(e.value("cronstone_runs_skipped_total", Map.of("reason", "overlap"))).isEqualTo(1);
    assertThat(e.value("cronstone_retries_scheduled_total", Map.of("job", "flaky"))).isEqualTo(1);
    assertThat(
            e.value(
                "cronstone_attempt_duration_seconds_count",
                Map.of("job", "flaky", "status", "failed")))
        .isEqualTo(2);
    assertThat(e.type("cronstone_attempt_duration_seconds")).isEqualTo("histogram");
    // First attempts only: ok, flaky and other (busy was skipped, flaky's retry is no fire).
    assertThat(e.value("cronstone_fire_lateness_seconds_count", Map.of("kind", "manual")))
        .isEqualTo(3);
    assertThat(
            e.value(
                "cronstone_fire_lateness_seconds_bucket",
                Map.of("job", "ok", "kind", "manual", "le", "0.05")))
        .isEqualTo(1);
    assertThat(
            e.value(
                "cronstone_fire_lateness_seconds_bucket",
                Map.of("job", "ok", "kind", "manual", "le", "0.025")))
        .isZero();
    assertThat(e.value("cronstone_last_success_timestamp_seconds", Map.of("job", "ok")))
        .isEqualTo(okEnded.endedAt().orElseThrow().toEpochMilli() / 1000.0);
    assertThat(e.labelValues("cronstone_last_success_timestamp_seconds", "job"))
        .containsExactly("ok");
    assertThat(e.find(finished, Map.of("job", "ok")))
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("node", "node-m"));
  }

  @Test
  void misfires_count_by_policy_action_and_their_skipped_runs() throws Exception {
    RunDriver driver = driver(List.of("skipper"), 50);
    JobSpec skipper =
        spec(
            "id: skipper\nschedule: { cron: \"*/15 * * * *\", timezone: UTC, misfire: skip }\n"
                + "task: { type: builtin, name: noop }\n");
    JobSpec once =
        spec(
            "id: once\nschedule: { cron: \"*/15 * * * *\", timezone: UTC, misfire: fire_once_now }\n"
                + "task: { type: builtin, name: noop }\n");

    driver.misfired(skipper, missed(3), false);
    driver.misfired(once, missed(4), false);

    Exposition e = scrape();
    assertThat(e.value("cronstone_misfires_total", Map.of("action", "skip"))).isEqualTo(3 + 3);
    assertThat(e.value("cronstone_misfires_total", Map.of("action", "fire_once_now"))).isEqualTo(1);
    assertThat(
            e.value("cronstone_runs_skipped_total", Map.of("job", "skipper", "reason", "misfire")))
        .isEqualTo(3);
    assertThat(e.value("cronstone_runs_skipped_total", Map.of("job", "_other"))).isEqualTo(3);
    assertThat(
            e.value(
                "cronstone_runs_finished_total", Map.of("job", "_other", "status", "succeeded")))
        .isEqualTo(1);
    // The late run's lateness is how late it really started: from 12:00:00 to 12:00:01.250.
    assertThat(
            e.value(
                "cronstone_fire_lateness_seconds_sum",
                Map.of("job", "_other", "kind", "scheduled")))
        .isEqualTo(1.25);
  }

  @Test
  void five_hundred_jobs_make_label_values_only_for_the_configured_ones() throws Exception {
    RunDriver driver = driver(List.of("job-7", "job-42", "job-499"), 50);
    for (int i = 0; i < 500; i++) {
      JobSpec spec = spec("id: job-" + i + "\ntask: { type: builtin, name: noop }\n");
      driver.run(spec, manual(spec), AttemptKind.FIRST);
    }

    Exposition e = scrape();
    for (String family :
        List.of(
            "cronstone_runs_finished_total",
            "cronstone_attempt_duration_seconds_count",
            "cronstone_fire_lateness_seconds_count")) {
      assertThat(e.labelValues(family, "job"))
          .as(family)
          .containsExactly("_other", "job-42", "job-499", "job-7");
      assertThat(e.value(family, Map.of())).as(family).isEqualTo(500);
      assertThat(e.value(family, Map.of("job", "_other"))).as(family).isEqualTo(497);
    }
    assertThat(e.labelValues("cronstone_last_success_timestamp_seconds", "job"))
        .containsExactly("job-42", "job-499", "job-7");
    assertThat(e.value("cronstone_metrics_labelled_jobs", Map.of())).isEqualTo(3);
  }

  @Test
  void a_restarted_node_seeds_the_last_success_of_the_listed_jobs_from_the_ledger()
      throws Exception {
    RunDriver driver = driver(List.of("ok", "never", "pre-*"), 50);
    JobSpec ok = spec("id: ok\ntask: { type: builtin, name: noop }\n");
    JobSpec prefixed = spec("id: pre-a\ntask: { type: builtin, name: noop }\n");
    Run ended = driver.run(ok, manual(ok), AttemptKind.FIRST);
    driver.run(prefixed, manual(prefixed), AttemptKind.FIRST);
    metrics.close();

    metrics =
        NodeMetrics.create(new MetricsConfig(true, List.of("ok", "never", "pre-*"), 50), "n2", 4);
    metrics.seedLastSuccess(
        id ->
            ledger.history(id, 100, Optional.empty()).stream()
                .filter(r -> r.status() == RunStatus.SUCCEEDED)
                .findFirst()
                .flatMap(Run::endedAt));

    Exposition e = scrape();
    assertThat(e.labelValues("cronstone_last_success_timestamp_seconds", "job"))
        .containsExactly("ok");
    assertThat(e.value("cronstone_last_success_timestamp_seconds", Map.of("job", "ok")))
        .isEqualTo(ended.endedAt().orElseThrow().toEpochMilli() / 1000.0);
  }

  /** {@code count} quarter-hours missed, the newest at 12:00. */
  static MissedFires missed(int count) {
    List<Instant> listed = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      listed.add(Instant.parse("2026-06-01T12:00:00Z").minus(Duration.ofMinutes(15L * i)));
    }
    return new MissedFires(T0, listed, 0, true, listed.get(0));
  }
}
