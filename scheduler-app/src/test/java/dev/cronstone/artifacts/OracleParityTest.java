package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written receipt, event lines and summary are byte for byte what the first release wrote
 * through Jackson trees and generators ({@link ReceiptOracle}, {@link SummaryOracle}), over many
 * random runs with hostile texts.
 */
class OracleParityTest {
  private static final int RUNS = 3000;

  @TempDir Path tmp;

  @Test
  void receipts_are_the_bytes_the_jackson_tree_wrote() {
    RandomRuns random = new RandomRuns(1);
    for (int i = 0; i < RUNS; i++) {
      RunId id = random.id();
      Run run = random.run(id);
      List<Attempt> attempts = random.attempts(id);
      List<String> files = random.files();
      Optional<StderrTail> tail = random.tail();

      assertThat(utf8(Receipt.receipt(run, attempts, files, tail).toByteArray()))
          .as("run %d", i)
          .isEqualTo(utf8(ReceiptOracle.receipt(run, attempts, files, tail)));
    }
  }

  @Test
  void event_lines_are_the_bytes_a_generator_per_event_wrote() {
    RandomRuns random = new RandomRuns(2);
    for (int i = 0; i < RUNS / 3; i++) {
      RunId id = random.id();
      List<RunEvent> events = random.events(id);
      Redactor redactor = random.redactor();
      assertThat(utf8(ArtifactWriter.eventLines(events, redactor).toByteArray()))
          .as("run %d", i)
          .isEqualTo(utf8(ReceiptOracle.eventLines(events, redactor)));
    }
  }

  @Test
  void summaries_are_the_text_the_first_release_wrote() {
    RandomRuns random = new RandomRuns(3);
    for (int i = 0; i < RUNS; i++) {
      RunId id = random.id();
      Run run = random.run(id);
      List<Attempt> attempts = random.attempts(id);
      List<String> files = random.files();
      Optional<StderrTail> tail = random.tail();

      assertThat(Summary.of(run, attempts, files, tail))
          .as("run %d", i)
          .isEqualTo(SummaryOracle.of(run, attempts, files, tail));
    }
  }

  @Test
  void redacted_records_equal_the_copies_the_first_release_made() {
    RandomRuns random = new RandomRuns(4);
    for (int i = 0; i < RUNS; i++) {
      RunId id = random.id();
      Run run = random.run(id);
      List<Attempt> attempts = random.attempts(id);
      Redactor redactor = random.redactor();

      assertThat(Redacted.run(run, redactor)).isEqualTo(ReceiptOracle.redacted(run, redactor));
      assertThat(Redacted.attempts(attempts, redactor))
          .isEqualTo(ReceiptOracle.redacted(attempts, redactor));
    }
  }

  @Test
  void nothing_to_mask_gives_the_records_themselves() {
    Run run = Runs.failedRun();
    Attempt attempt = Runs.attempts().get(1);

    assertThat(Redacted.run(run, Redactor.none())).isSameAs(run);
    assertThat(Redacted.attempt(attempt, Redactor.none())).isSameAs(attempt);
    assertThat(Redacted.run(run, Redactor.of(List.of(Runs.SECRET)))).isNotEqualTo(run);
  }

  /**
   * Whole folders, written and rewritten (with and without output, so the logs of an earlier
   * attempt stay listed), hold the bytes the first release's writer made of the same records.
   */
  @Test
  void written_folders_hold_the_bytes_the_first_release_wrote() throws IOException {
    RandomRuns random = new RandomRuns(5);
    ArtifactWriter writer = new ArtifactWriter(tmp, 64, ArtifactsOwnerFixture.OWNER);
    for (int i = 0; i < 150; i++) {
      RunId id = random.id();
      for (int write = 0; write < 2; write++) {
        Run run = random.run(id);
        List<Attempt> attempts = random.attempts(id);
        List<RunEvent> events = random.events(id);
        Optional<Outcome.Output> output = random.output();
        Redactor redactor = random.redactor();

        ArtifactResult result = writer.write(run, attempts, events, output, redactor);

        assertThat(result.ok()).as(result.failure().orElse("")).isTrue();
        Path dir = result.folder().orElseThrow();
        Run clean = ReceiptOracle.redacted(run, redactor);
        List<Attempt> cleanAttempts = ReceiptOracle.redacted(attempts, redactor);
        List<String> files = presentAsBefore(dir);
        Optional<StderrTail> tail = StderrTail.of(output, attempts, redactor);
        assertThat(read(dir, ArtifactWriter.EVENTS))
            .isEqualTo(utf8(ReceiptOracle.eventLines(events, redactor)));
        assertThat(read(dir, ArtifactWriter.SUMMARY))
            .isEqualTo(utf8(bytes(SummaryOracle.of(clean, cleanAttempts, files, tail))));
        assertThat(read(dir, ArtifactWriter.RECEIPT))
            .isEqualTo(utf8(ReceiptOracle.receipt(clean, cleanAttempts, files, tail)) + "\n");
      }
    }
  }

  /** The files the first release listed: the logs when they are in the folder. */
  private static List<String> presentAsBefore(Path dir) {
    List<String> files = new ArrayList<>();
    for (String name :
        List.of(
            ArtifactWriter.RECEIPT,
            ArtifactWriter.SUMMARY,
            ArtifactWriter.EVENTS,
            ArtifactWriter.STDOUT,
            ArtifactWriter.STDERR)) {
      if (name.equals(ArtifactWriter.RECEIPT)
          || name.equals(ArtifactWriter.SUMMARY)
          || Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        files.add(name);
      }
    }
    return files;
  }

  private static String read(Path dir, String name) throws IOException {
    return utf8(Files.readAllBytes(dir.resolve(name)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes as text, so that a difference shows where it is (lone surrogates are escaped). */
  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
