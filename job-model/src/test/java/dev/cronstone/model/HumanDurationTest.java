package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
  @Test
  void durations_are_written_for_people_not_as_iso_8601() {
    assertThat(HumanDuration.of(Duration.ZERO)).isEqualTo("0 ms");
    assertThat(HumanDuration.of(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(HumanDuration.of(Duration.parse("PT3.003246S"))).isEqualTo("3.0 s");
    assertThat(HumanDuration.of(Duration.ofSeconds(30))).isEqualTo("30.0 s");
    assertThat(HumanDuration.of(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(HumanDuration.of(Duration.ofMinutes(62))).isEqualTo("1 h 2 min");
    assertThat(HumanDuration.of(Duration.ofHours(1))).isEqualTo("1 h");
    assertThat(HumanDuration.of(Duration.ofHours(51))).isEqualTo("2 d 3 h");
    assertThat(HumanDuration.of(Duration.ofSeconds(-90))).isEqualTo("-1 min 30 s");
  }
}
