package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailLineTest {
  private static final RunId RUN = new RunId("nightly", 7);

  private static RunEvent event(String at, int attemptNo, String type, String message) {
    return new RunEvent(RUN, 1, Instant.parse(at), attemptNo, type, message, Map.of());
  }

  @Test
  void tail_lines_have_aligned_columns_whatever_the_instant_attempt_and_type() {
    List<String> lines =
        List.of(
                event("2026-11-21T12:00:00Z", 0, "run.queued", "queued"),
                event("2026-11-21T12:00:00.250Z", 1, "attempt.started", "started"),
                event("2026-11-21T12:00:03.5Z", 12, "attempt.superseded", "superseded"),
                event("2026-11-21T12:00:04Z", 0, "run.finished", "finished"))
            .stream()
            .map(RunEvents::line)
            .toList();

    assertThat(lines.get(0))
        .isEqualTo("2026-11-21T12:00:00.000Z  nightly#7  run         run.queued          queued");
    assertThat(lines.get(1)).startsWith("2026-11-21T12:00:00.250Z  nightly#7  attempt 1   ");
    assertThat(lines)
        .extracting(l -> l.indexOf(l.split("  +")[3]))
        .containsOnly(lines.get(0).indexOf("run.queued"));
    assertThat(lines)
        .extracting(l -> l.lastIndexOf(l.split("  +")[4]))
        .containsOnly(lines.get(0).indexOf("queued", lines.get(0).indexOf("run.queued") + 10));
  }
}
