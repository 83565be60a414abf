package dev.cronstone.service;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.CANCELLED;
import static dev.cronstone.ledger.RunStatus.FAILED;
import static dev.cronstone.ledger.RunStatus.SUCCEEDED;
import static dev.cronstone.ledger.RunStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decision of {@code pauseAfterFailures}: N finished runs, none succeeded. */
class PolicyPausesTest {
  @Test
  void n_runs_that_did_not_succeed_make_a_streak() {
    assertThat(PolicyPauses.streak(List.of(FAILED, TIMED_OUT, CANCELLED), 3)).isTrue();
    assertThat(PolicyPauses.streak(List.of(ABANDONED), 1)).isTrue();
  }

  @Test
  void fewer_runs_or_a_success_among_them_do_not() {
    assertThat(PolicyPauses.streak(List.of(FAILED, FAILED), 3)).isFalse();
    assertThat(PolicyPauses.streak(List.of(FAILED, SUCCEEDED, FAILED), 3)).isFalse();
    assertThat(PolicyPauses.streak(List.of(), 1)).isFalse();
  }
}
