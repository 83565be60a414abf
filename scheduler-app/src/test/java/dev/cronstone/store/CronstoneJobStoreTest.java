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
  void without_a_setting_the_grace_is_quartzs_and_a_negative_one_is_refused() {
    CronstoneJobStore store = new CronstoneJobStore();
    assertThat(store.getFailureGraceMillis()).isEqualTo(7_500);
    store.setFailureGraceMillis(2_000);
    assertThat(store.getFailureGraceMillis()).isEqualTo(2_000);
    assertThatThrownBy(() -> store.setFailureGraceMillis(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
