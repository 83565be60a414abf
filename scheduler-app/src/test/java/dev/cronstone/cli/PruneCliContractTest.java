package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs prune} in-process against a real store and artifacts folder; run once per database.
 */
abstract class PruneCliContractTest {
  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path config;
  private Path artifacts;
  private RunLedger ledger;

  @BeforeEach
  void store() throws IOException, SQLException {
    artifacts = dir.resolve("runs");
    config = dir.resolve("scheduler.yaml");
    StoreConfig store = db().database().storeConfig();
    Files.writeString(
        config,
        "store: { url: \""
            + store.url()
            + "\", user: \""
            + store.user()
            + "\", password: \""
            + store.password()
            + "\" }\nartifacts: { dir: \""
            + artifacts
            + "\" }\n");
    job("alpha");
    job("beta");
    ledger =
        new RunLedger(
            db().database().dataSource(),
            Clock.fixed(CliRun.NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC));
  }

  private void job(String id) throws SQLException {
    try (Connection c = db().database().dataSource().getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO cs_job (job_id, spec_json, spec_hash, enabled,"
                    + " created_at, updated_at) VALUES (?, ?, ?, TRUE, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(
          2, "{\"id\":\"" + id + "\",\"task\":{\"type\":\"builtin\",\"name\":\"noop\"}}");
      insert.setString(3, "0".repeat(64));
      insert.setObject(4, OffsetDateTime.ofInstant(CliRun.NOW, ZoneOffset.UTC));
      insert.setObject(5, OffsetDateTime.ofInstant(CliRun.NOW, ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  /** A finished run (ended 10 days before the CLI's now) with an artifact folder. */
  private RunId finished(String job) throws IOException {
    RunId id = running(job);
    ledger.finishAttempt(id, 1, RunStatus.SUCCEEDED, Optional.of(0), "ok");
    ledger.finish(id, RunStatus.SUCCEEDED, Optional.empty(), Optional.empty());
    return id;
  }

  private RunId running(String job) throws IOException {
    RunId id =
        ledger.openManual(job, RunKind.MANUAL, Instant.EPOCH, Optional.empty(), "tester").id();
    ledger.startAttempt(id, AttemptKind.FIRST, "node-a");
    Files.createDirectories(folder(id));
    Files.writeString(folder(id).resolve("run_receipt.json"), "{}");
    return id;
  }

  private Path folder(RunId id) {
    return artifacts.resolve(id.jobId()).resolve(String.format("%06d", id.runNo()));
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void keep_last_prunes_each_named_job_and_prints_what_it_deleted() throws IOException {
    List<RunId> alpha = List.of(finished("alpha"), finished("alpha"), finished("alpha"));
    RunId beta = finished("beta");

    CliRun r = jobs("prune", "alpha", "--keep-last", "1");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "JOB    PRUNED  RUNS",
            "alpha  2       1-2",
            "pruned 2 run(s) of 1 job(s); 2 artifact folder(s) deleted");
    assertThat(ledger.run(alpha.get(0))).isEmpty();
    assertThat(ledger.run(alpha.get(1))).isEmpty();
    assertThat(folder(alpha.get(0))).doesNotExist();
    assertThat(folder(alpha.get(1))).doesNotExist();
    assertThat(folder(alpha.get(2))).isDirectory();
    assertThat(ledger.run(beta)).isPresent();
    assertThat(folder(beta)).isDirectory();
  }

  @Test
  void with_no_job_named_every_job_is_pruned_and_json_lists_the_runs() throws IOException {
    finished("alpha");
    RunId active = running("alpha");
    finished("beta");

    CliRun r = jobs("prune", "--older-than", "P1D", "--output", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("dryRun").asBoolean()).isFalse();
    assertThat(json.get("rule").get("keepLast").isNull()).isTrue();
    assertThat(json.get("rule").get("olderThan").asText()).isEqualTo("PT24H");
    assertThat(json.get("total").asLong()).isEqualTo(2);
    assertThat(json.get("jobs"))
        .extracting(j -> j.get("jobId").asText())
        .containsExactly("alpha", "beta");
    JsonNode alpha = json.get("jobs").get(0);
    assertThat(alpha.get("pruned")).extracting(JsonNode::asText).containsExactly("alpha#1");
    assertThat(alpha.get("runNos")).extracting(JsonNode::asLong).containsExactly(1L);
    assertThat(alpha.get("foldersDeleted").asInt()).isEqualTo(1);
    assertThat(alpha.get("folderFailures")).isEmpty();
    assertThat(ledger.run(active)).isPresent();
    assertThat(folder(active)).isDirectory();
  }

  @Test
  void a_dry_run_prints_what_would_go_and_deletes_nothing() throws IOException {
    RunId first = finished("alpha");
    finished("alpha");

    CliRun r =
        jobs("prune", "alpha", "beta", "--keep-last", "1", "--older-than", "PT1H", "--dry-run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "JOB    WOULD PRUNE  RUNS",
            "alpha  2            1-2",
            "beta   0            -",
            "dry run: would prune 2 run(s) of 2 job(s); nothing deleted");
    assertThat(ledger.run(first)).isPresent();
    assertThat(folder(first)).isDirectory();
  }

  @Test
  void an_unknown_job_is_job_not_found_and_nothing_is_pruned() throws IOException {
    RunId run = finished("alpha");

    CliRun r = jobs("prune", "alpha", "nope", "--keep-last", "0", "--output", "json");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.errorJson().get("error").get("code").asText()).isEqualTo("job_not_found");
    assertThat(r.errorJson().get("error").get("jobId").asText()).isEqualTo("nope");
    assertThat(ledger.run(run)).isPresent();
  }

  @Test
  void a_removed_job_with_runs_left_can_still_be_pruned_by_name() throws IOException {
    RunId run =
        ledger
            .openManual("removed", RunKind.MANUAL, Instant.EPOCH, Optional.empty(), "tester")
            .id();
    ledger.skip(run, dev.cronstone.error.ErrorCode.JOB_SKIPPED_OVERLAP, "overlap");

    CliRun r = jobs("prune", "removed", "--keep-last", "0");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(ledger.run(run)).isEmpty();
  }

  @Test
  void no_rule_or_a_bad_one_is_invalid_argument() {
    CliRun none = jobs("prune", "alpha", "--output", "json");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.errorJson().get("error").get("code").asText()).isEqualTo("invalid_argument");

    CliRun negative = jobs("prune", "--keep-last", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("--keep-last").contains("[invalid_argument]");

    CliRun badAge = jobs("prune", "--older-than", "30 days");
    assertThat(badAge.exit()).isEqualTo(2);
    assertThat(badAge.err()).contains("not an ISO-8601 duration");
  }
}
