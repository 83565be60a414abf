package dev.cronstone.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batched writer of tasks' output, driven by its synchronous step (run once per database by the
 * small subclasses).
 */
abstract class OutputFlusherContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00.123Z");

  final MutableClock clock = new MutableClock(T0);
  RunLedger ledger;
  OutputFlusher flusher;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void create() {
    ledger = new RunLedger(db().database().dataSource(), clock);
    flusher = ledger.outputFlusher("node-a");
  }

  @AfterEach
  void close() {
    flusher.close();
  }

  RunId started(String job) {
    Run run = ledger.openManual(job, RunKind.MANUAL, T0, Optional.empty(), "tester");
    ledger.startAttempt(run.id(), AttemptKind.FIRST, "node-a");
    return run.id();
  }

  @Test
  void adjacent_chunks_of_one_stream_merge_and_offsets_read_on_after_the_last_seq() {
    RunId run = started("talk");
    OutputLog log = flusher.open(run, 1);
    log.append("stdout", "a\n");
    log.append("stdout", "b\n");
    log.append("stderr", "oops\n");
    log.append("stdout", "c\n");
    assertThat(flusher.flush()).isEqualTo(4);
    List<OutputChunk> all = ledger.output(run, 1, Optional.empty(), 0, 100);
    assertThat(all)
        .extracting(OutputChunk::seq, OutputChunk::stream, OutputChunk::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "stdout", "a\nb\n"),
            org.assertj.core.groups.Tuple.tuple(3, "stderr", "oops\n"),
            org.assertj.core.groups.Tuple.tuple(4, "stdout", "c\n"));
    assertThat(all.get(0).at()).isEqualTo(T0);
    assertThat(ledger.output(run, 1, Optional.of("stdout"), 2, 100))
        .extracting(OutputChunk::text)
        .containsExactly("c\n");
    assertThat(flusher.flush()).isZero();
  }

  @Test
  void a_chunk_that_cannot_be_written_loses_only_itself() {
    RunId kept = started("kept");
    RunId gone = new RunId("never-opened", 1); // no run: the foreign key refuses its chunk
    flusher.open(gone, 1).append("stdout", "lost\n");
    flusher.open(kept, 1).append("stdout", "kept\n");
    flusher.flush();
    assertThat(ledger.output(kept, 1, Optional.empty(), 0, 100))
        .extracting(OutputChunk::text)
        .containsExactly("kept\n");
    assertThat(ledger.output(gone, 1, Optional.empty(), 0, 100)).isEmpty();
  }

  @Test
  void the_timer_writes_what_waits_without_a_flush_call() {
    RunId run = started("timed");
    flusher.open(run, 1).append("stderr", "later\n");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> !ledger.output(run, 1, Optional.empty(), 0, 10).isEmpty());
  }

  @Test
  void finish_writes_the_attempt_output_before_it_returns_and_costs_nothing_when_silent() {
    RunId run = started("fin");
    OutputLog silent = flusher.open(run, 1);
    silent.finish();
    OutputLog log = flusher.open(run, 1);
    log.append("stdout", "done\n");
    log.finish();
    assertThat(ledger.output(run, 1, Optional.empty(), 0, 10))
        .extracting(OutputChunk::text)
        .containsExactly("done\n");
  }
}
