package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronstoneJobStoreTest {
  @Test
  void a_peer_is_dead_after_its_interval_plus_the_configured_grace() {
    assertThat(CronstoneJobStore.failedIfAfter(10_000, 1_000, 900, 2_000)).isEqualTo(13_000);
  }

  @Test
  void an_observer_that_lagged_itself_waits_its_own_lag_instead_of_the_interval() {
    assertThat(CronstoneJobStore.failedIfAfter(10_000, 1_000, 5_000, 2_000)).isEqualTo(17_000);
  }

  @Test
  void
      a_peer_silent_since_before_this_nodes_return_from_a_gap_gets_its_interval_and_grace_after_it() {
    // This node checked in again at 20,000 after a 9,000 ms gap (a store outage); the peer's last
    // check-in, 10,000, predates it: dead only after 20,000 + 9,000 + 1,000 + 2,000, not at 13,000.
    long failed = CronstoneJobStore.failedIfAfter(10_000, 1_000, 900, 2_000);
    assertThat(CronstoneJobStore.afterGap(failed, 10_000, 20_000, 9_000, 1_000, 2_000))
        .isEqualTo(32_000);
    // A peer that checked in since is judged as usual, and so is every peer without a gap.
    assertThat(CronstoneJobStore.afterGap(24_000, 21_000, 20_000, 9_000, 1_000, 2_000))
        .isEqualTo(24_000);
    assertThat(CronstoneJobStore.afterGap(failed, 10_000, Long.MIN_VALUE, 0, 1_000, 2_000))
        .isEqualTo(failed);
  }

  @Test
  void without_a_setting_the_grace_is_quartzs_and_a_negative_one_is_refused() {
    CronstoneJobStore store = new CronstoneJobStore();
    assertThat(store.getFailureGraceMillis()).isEqualTo(7_500);
    store.setFailureGraceMillis(2_000);
    assertThat(store.getFailureGraceMillis()).isEqualTo(2_000);
    assertThatThrownBy(() -> store.setFailureGraceMillis(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
