package dev.cronstone.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdTest {
  @Test
  void a_run_id_is_the_job_id_and_the_run_number() {
    RunId id = RunId.parse("nightly-report#42");

    assertThat(id).isEqualTo(new RunId("nightly-report", 42));
    assertThat(id).hasToString("nightly-report#42");
    assertThat(RunId.parse(id.toString())).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "#",
        "#1",
        "job",
        "job#",
        "job#0",
        "job#-1",
        "job#1.5",
        "job# 1",
        "job#x",
        "a#b#1",
        " #1",
        "job#99999999999999999999",
        "job#+1"
      })
  void anything_else_is_an_invalid_argument(String text) {
    assertThatThrownBy(() -> RunId.parse(text))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("is not a run id");
  }

  @Test
  void the_record_checks_its_own_parts() {
    assertThatThrownBy(() -> new RunId("job", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RunId(" ", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RunId(null, 1)).isInstanceOf(NullPointerException.class);
  }
}
