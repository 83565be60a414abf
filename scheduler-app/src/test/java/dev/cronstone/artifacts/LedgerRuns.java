package dev.cronstone.artifacts;

import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecJson;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Stored jobs and runs through the real ledger, each run with its artifact folder written. */
final class LedgerRuns {
  private final DataSource dataSource;
  private final RunLedger ledger;
  private final ArtifactWriter writer;
  private final Clock clock;

  LedgerRuns(DataSource dataSource, RunLedger ledger, ArtifactWriter writer, Clock clock) {
    this.dataSource = dataSource;
    this.ledger = ledger;
    this.writer = writer;
    this.clock = clock;
  }

  /** Stores a job (as sync would) with a builtin task and, when given, its own retention. */
  void job(String id, String retentionYaml) throws SQLException {
    String yaml =
        "id: "
            + id
            + "\ntask: { type: builtin, name: noop }\n"
            + (retentionYaml == null ? "" : "retention: " + retentionYaml + "\n");
    JobSpec spec =
        new SpecLoader(clock)
            .parse(id + ".yaml", yaml.getBytes(StandardCharsets.UTF_8))
            .spec()
            .orElseThrow();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO cs_job (job_id, spec_json, spec_hash, enabled,"
                    + " created_at, updated_at) VALUES (?, ?, ?, TRUE, ?, ?)")) {
      OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      insert.setString(1, id);
      insert.setString(2, SpecJson.canonicalJson(spec));
      insert.setString(3, SpecJson.contentHash(spec));
      insert.setObject(4, now);
      insert.setObject(5, now);
      insert.executeUpdate();
    }
  }

  RunId queued(String job) {
    Run run = ledger.openManual(job, RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
    written(run.id(), Optional.empty());
    return run.id();
  }

  RunId running(String job) {
    RunId id = queued(job);
    ledger.startAttempt(id, AttemptKind.FIRST, "node-a");
    ledger.event(id, 1, "attempt_started", "on node-a", Map.of());
    written(id, Optional.empty());
    return id;
  }

  /** Runs and finishes the run's attempt and the run. */
  void finish(RunId id) {
    ledger.finishAttempt(id, 1, RunStatus.SUCCEEDED, Optional.of(0), "exited with 0");
    ledger.finish(id, RunStatus.SUCCEEDED, Optional.empty(), Optional.empty());
    written(id, Optional.of(new Outcome.Output("done\n", "", false)));
  }

  RunId finished(String job) {
    RunId id = running(job);
    finish(id);
    return id;
  }

  private void written(RunId id, Optional<Outcome.Output> output) {
    ArtifactResult result = writer.write(ledger, id, output, Redactor.none());
    if (!result.ok()) {
      throw new AssertionError(result.failure().orElseThrow());
    }
  }
}
