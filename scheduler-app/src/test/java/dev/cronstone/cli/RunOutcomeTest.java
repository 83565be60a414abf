package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {
  private static final Instant T = Instant.parse("2026-11-21T12:00:00Z");

  private static Run ended(RunStatus status, Optional<String> message) {
    RunId id = new RunId("heartbeat", 38);
    return new Run(
        id,
        RunKind.SCHEDULED,
        T,
        Optional.empty(),
        status,
        Optional.empty(),
        message.map(
            m -> ErrorEnvelope.of(ErrorCode.JOB_SKIPPED_OVERLAP, m, "heartbeat", List.of())),
        "schedule",
        T,
        Optional.empty(),
        Optional.of(T),
        0);
  }

  @Test
  void a_ledger_message_that_names_the_run_is_not_prefixed_again() {
    Run skipped =
        ended(RunStatus.SKIPPED, Optional.of("run heartbeat#38 skipped: heartbeat#37 is running"));

    assertThat(RunCommand.outcome(skipped))
        .isEqualTo("run heartbeat#38 skipped: heartbeat#37 is running");
  }

  @Test
  void other_messages_get_the_run_and_its_status_in_front() {
    assertThat(RunCommand.outcome(ended(RunStatus.FAILED, Optional.of("exit code 3"))))
        .isEqualTo(new RunId("heartbeat", 38) + " failed: exit code 3");
    assertThat(RunCommand.outcome(ended(RunStatus.SUCCEEDED, Optional.empty())))
        .isEqualTo(new RunId("heartbeat", 38) + " succeeded");
  }
}
