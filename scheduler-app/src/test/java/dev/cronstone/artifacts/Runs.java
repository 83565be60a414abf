package dev.cronstone.artifacts;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ledger records for artifact tests: a failed scheduled run with two attempts, carrying a secret.
 */
final class Runs {
  static final String SECRET = "tok-9f8e7d6c5b4a";
  static final Instant FIRE = Instant.parse("2026-11-21T01:30:00Z");
  static final RunId ID = new RunId("nightly-report", 42);

  private Runs() {}

  static Run failedRun() {
    ErrorEnvelope error =
        ErrorEnvelope.of(
            ErrorCode.JOB_RETRY_EXHAUSTED,
            "gave up after 2 attempts; last: curl -H " + SECRET,
            "nightly-report",
            List.of(new Problem("attempt[2]", "job_failed: exit 7 with " + SECRET)));
    return new Run(
        ID,
        RunKind.SCHEDULED,
        FIRE,
        Optional.empty(),
        RunStatus.FAILED,
        Optional.empty(),
        Optional.of(error),
        "node-a",
        FIRE.plusMillis(3),
        Optional.of(FIRE.plusMillis(20)),
        Optional.of(FIRE.plusSeconds(15)),
        2);
  }

  static List<Attempt> attempts() {
    return List.of(
        new Attempt(
            ID,
            2,
            AttemptKind.RETRY,
            "node-b",
            FIRE.plusSeconds(12),
            FIRE.plusSeconds(14),
            Optional.of(FIRE.plusSeconds(15)),
            Optional.of(RunStatus.FAILED),
            Optional.of(7),
            Optional.of("curl exited with 7 | token " + SECRET),
            false),
        new Attempt(
            ID,
            1,
            AttemptKind.FIRST,
            "node-a",
            FIRE.plusMillis(20),
            FIRE.plusSeconds(2),
            Optional.of(FIRE.plusSeconds(2)),
            Optional.of(RunStatus.FAILED),
            Optional.of(7),
            Optional.of("curl exited with 7"),
            false));
  }

  static List<RunEvent> events() {
    return List.of(
        new RunEvent(
            ID,
            3,
            FIRE.plusSeconds(15),
            2,
            "attempt_ended",
            "failed: exit 7",
            Map.of("exitCode", "7")),
        new RunEvent(ID, 1, FIRE.plusMillis(3), 0, "queued", "scheduled fire", Map.of()),
        new RunEvent(
            ID,
            2,
            FIRE.plusMillis(20),
            1,
            "attempt_started",
            "on node-a with token " + SECRET,
            Map.of("owner", "node-a", "token", SECRET)));
  }
}
