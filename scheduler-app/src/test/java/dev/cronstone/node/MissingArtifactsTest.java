package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.ledger.EndResult;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.Overlap;
import dev.cronstone.testing.DatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A node rewrites at start the artifacts its recent runs lack (written after the end's commit). */
class MissingArtifactsTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @TempDir Path dir;

  RunId ended(RunLedger ledger, String job, String owner) {
    Instant fire = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RunId id =
        ledger
            .beginScheduled(job, RunKind.SCHEDULED, fire, 1, Overlap.SKIP, owner)
            .orElseThrow()
            .run()
            .id();
    ledger.end(
        new EndWrite(
            id,
            1,
            RunStatus.SUCCEEDED,
            Optional.of(0),
            "ok",
            Map.of("status", "succeeded"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return id;
  }

  @Test
  void the_runs_this_node_ended_without_artifacts_get_them_from_the_ledger_and_no_other() {
    RunLedger ledger = new RunLedger(DB.database().dataSource(), Clock.systemUTC());
    ArtifactWriter writer =
        new ArtifactWriter(dir, 4096, dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER);
    RunId written = ended(ledger, "written", "node-a");
    EndResult stored =
        ledger.end(
            new EndWrite(
                written,
                1,
                RunStatus.SUCCEEDED,
                Optional.of(0),
                "ok",
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    writer.write(
        stored.run(), stored.attempts(), stored.events(), Optional.empty(), Redactor.none());
    RunId lost = ended(ledger, "lost", "node-a");
    RunId others = ended(ledger, "others", "node-b");

    int repaired = MissingArtifacts.repair("node-a", ledger, writer, Instant.now());

    assertThat(repaired).isEqualTo(1);
    assertThat(writer.folder(lost).resolve(ArtifactWriter.RECEIPT)).isRegularFile();
    assertThat(Files.exists(writer.folder(others))).isFalse();
    assertThat(MissingArtifacts.repair("node-a", ledger, writer, Instant.now())).isZero();
  }
}
