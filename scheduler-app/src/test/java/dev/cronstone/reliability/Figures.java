package dev.cronstone.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a scenario measured, from the ledger and from the jobs' own side effects.
 *
 * @param intended intended fire instants in the window (jobs x seconds)
 * @param runs scheduled or catch-up runs the ledger holds for them
 * @param lost intended fires without any run (neither run nor recorded skip)
 * @param skipped runs recorded {@code skipped} (overlap or misfire policy)
 * @param skippedByMisfire of those, skipped by the misfire policy
 * @param executions lines the jobs wrote (one per execution of a task)
 * @param notInLedger executions with no attempt of that node in the ledger (silent executions)
 * @param visibleDuplicates runs executed more than once, each execution an attempt in the ledger
 * @param falseRecoveries superseded attempts that still ended on their own (a live node's attempt
 *     taken for dead)
 * @param recoveries recovery attempts
 * @param notEnded runs or attempts still queued or running when the audit gave up waiting
 * @param unsuccessful runs that ended failed, timed out, cancelled or abandoned
 * @param unsuccessfulNotFalselySuspected of those, the runs none of whose attempts was a live
 *     node's attempt taken for dead (a false recovery): for a kill, the killed attempts that were
 *     not recovered
 * @param latenessMs first-attempt start minus intended fire: p50, p99, max
 * @param recoveryMs fault to recovery attempt start: p50, max (empty when none)
 */
record Figures(
    String scenario,
    Load load,
    List<Fault> faults,
    long intended,
    long runs,
    long lost,
    long skipped,
    long skippedByMisfire,
    long executions,
    long notInLedger,
    long visibleDuplicates,
    long falseRecoveries,
    long recoveries,
    long notEnded,
    long unsuccessful,
    long unsuccessfulNotFalselySuspected,
    long[] latenessMs,
    long[] recoveryMs) {

  static final Path REPORT = Path.of("target", "reliability", "figures.md");

  String line() {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d nodes, %d+%d jobs, %ds, %.1f fires/s | %s | %d | %d | %d | %d (%d misfire) | %d | %d | %d"
            + " | %d | %d | %d | %d | %s | %s |",
        scenario,
        Instant.now(),
        load.nodes(),
        load.jobs(),
        load.keepers(),
        load.window().toSeconds(),
        runs / (double) load.window().toSeconds(),
        faults.isEmpty() ? "none" : faults.size() + ": " + faults,
        intended,
        runs,
        lost,
        skipped,
        skippedByMisfire,
        executions,
        notInLedger,
        visibleDuplicates,
        falseRecoveries,
        recoveries,
        notEnded,
        unsuccessful,
        "p50 %d / p99 %d / max %d ms".formatted(latenessMs[0], latenessMs[1], latenessMs[2]),
        recoveryMs.length == 0
            ? "-"
            : "p50 %d / max %d ms".formatted(recoveryMs[0], recoveryMs[1]));
  }

  static final String HEADER =
      "| scenario | at | load | faults | intended fires | runs | lost | skipped | executions"
          + " | not in ledger | visible duplicates | false recoveries | recoveries | not ended"
          + " | unsuccessful | lateness | recovery |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  /** Prints the figures and appends them to {@code target/reliability/figures.md}. */
  Figures report() {
    String line = line();
    System.out.println("reliability figures: " + line);
    try {
      Files.createDirectories(REPORT.getParent());
      if (!Files.exists(REPORT)) {
        Files.writeString(REPORT, HEADER);
      }
      Files.writeString(REPORT, line + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public String toString() {
    return line();
  }
}
