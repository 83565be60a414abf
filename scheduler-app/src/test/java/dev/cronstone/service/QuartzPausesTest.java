package dev.cronstone.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a recorded pause and the schedule trigger's Quartz state read together. */
class QuartzPausesTest {
  private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");
  private static final PauseState NOT_PAUSED =
      new PauseState(
          false, Optional.empty(), Optional.empty(), Optional.of("bob"), Optional.of(AT));
  private static final PauseState PAUSED =
      new PauseState(
          true, Optional.of("alice"), Optional.of(AT), Optional.empty(), Optional.empty());

  @Test
  void a_paused_trigger_of_a_job_not_recorded_paused_reads_as_paused_by_quartz() {
    for (String state : new String[] {"PAUSED", "PAUSED_BLOCKED"}) {
      PauseState seen = QuartzPauses.effective(NOT_PAUSED, Optional.of(state));
      assertThat(seen.paused()).isTrue();
      assertThat(seen.pausedBy()).contains("quartz");
      assertThat(seen.pausedAt()).isEmpty();
      assertThat(QuartzPauses.effective(false, Optional.of(state))).isTrue();
    }
  }

  @Test
  void a_live_trigger_of_a_job_recorded_paused_reads_as_resumed_by_quartz() {
    for (String state : new String[] {"WAITING", "ACQUIRED", "BLOCKED"}) {
      PauseState seen = QuartzPauses.effective(PAUSED, Optional.of(state));
      assertThat(seen.paused()).isFalse();
      assertThat(seen.resumedBy()).contains("quartz");
      assertThat(QuartzPauses.effective(true, Optional.of(state))).isFalse();
    }
  }

  @Test
  void without_a_live_or_paused_trigger_the_recorded_pause_stands() {
    for (Optional<String> state :
        java.util.List.of(
            Optional.<String>empty(), Optional.of("ERROR"), Optional.of("COMPLETE"))) {
      assertThat(QuartzPauses.effective(PAUSED, state)).isEqualTo(PAUSED);
      assertThat(QuartzPauses.effective(NOT_PAUSED, state)).isEqualTo(NOT_PAUSED);
      assertThat(QuartzPauses.effective(true, state)).isTrue();
      assertThat(QuartzPauses.effective(false, state)).isFalse();
    }
    assertThat(QuartzPauses.effective(PAUSED, Optional.of("PAUSED"))).isEqualTo(PAUSED);
    assertThat(QuartzPauses.effective(NOT_PAUSED, Optional.of("WAITING"))).isEqualTo(NOT_PAUSED);
  }
}
