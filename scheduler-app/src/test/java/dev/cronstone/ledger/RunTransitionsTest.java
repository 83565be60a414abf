package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.CANCELLED;
import static dev.cronstone.ledger.RunStatus.FAILED;
import static dev.cronstone.ledger.RunStatus.QUEUED;
import static dev.cronstone.ledger.RunStatus.RUNNING;
import static dev.cronstone.ledger.RunStatus.SKIPPED;
import static dev.cronstone.ledger.RunStatus.SUCCEEDED;
import static dev.cronstone.ledger.RunStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.ErrorCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunTransitionsTest {
  /**
   * The table of docs/runs.md "Statuses", written out again on purpose: a change to either shows
   * here.
   */
  static final Map<RunStatus, Set<RunStatus>> EXPECTED =
      Map.of(
          QUEUED, EnumSet.of(RUNNING, SKIPPED, CANCELLED, FAILED, ABANDONED),
          RUNNING, EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ABANDONED),
          ABANDONED, EnumSet.of(RUNNING),
          SUCCEEDED, EnumSet.noneOf(RunStatus.class),
          FAILED, EnumSet.noneOf(RunStatus.class),
          TIMED_OUT, EnumSet.noneOf(RunStatus.class),
          CANCELLED, EnumSet.noneOf(RunStatus.class),
          SKIPPED, EnumSet.noneOf(RunStatus.class));

  static Stream<Arguments> every_pair() {
    List<Arguments> pairs = new ArrayList<>();
    for (RunStatus from : RunStatus.values()) {
      for (RunStatus to : RunStatus.values()) {
        pairs.add(Arguments.of(from, to, EXPECTED.get(from).contains(to)));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
  @MethodSource("every_pair")
  void every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(
      RunStatus from, RunStatus to, boolean allowed) {
    assertThat(RunTransitions.allowed(from, to)).isEqualTo(allowed);
    if (allowed) {
      RunTransitions.check(from, to);
    } else {
      assertThatThrownBy(() -> RunTransitions.check(from, to))
          .isInstanceOfSatisfying(
              IllegalRunTransitionException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                assertThat(e.from()).isEqualTo(from);
                assertThat(e.to()).isEqualTo(to);
              })
          .hasMessageContaining(from.code())
          .hasMessageContaining(to.code());
    }
  }

  @Test
  void allowed_from_is_the_table_and_cannot_be_changed() {
    for (RunStatus from : RunStatus.values()) {
      assertThat(RunTransitions.allowedFrom(from)).as(from.code()).isEqualTo(EXPECTED.get(from));
    }
    assertThatThrownBy(() -> RunTransitions.allowedFrom(QUEUED).add(SUCCEEDED))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void an_ended_run_says_it_allows_nothing() {
    assertThatThrownBy(() -> RunTransitions.check(SUCCEEDED, FAILED))
        .hasMessage(
            "a run that is succeeded cannot become failed (allowed from succeeded: nothing, it has ended)");
  }

  @Test
  void statuses_and_kinds_are_lower_case_codes() {
    assertThat(Stream.of(RunStatus.values()).map(RunStatus::toString))
        .containsExactly(
            "queued",
            "running",
            "succeeded",
            "failed",
            "timed_out",
            "cancelled",
            "skipped",
            "abandoned");
    assertThat(Stream.of(RunKind.values()).map(RunKind::toString))
        .containsExactly("scheduled", "catch_up", "manual", "replay", "backfill", "after");
    assertThat(Stream.of(AttemptKind.values()).map(AttemptKind::toString))
        .containsExactly("first", "retry", "recovery");
    assertThat(RunStatus.fromCode("timed_out")).isEqualTo(TIMED_OUT);
    assertThat(RunKind.fromCode("catch_up")).isEqualTo(RunKind.CATCH_UP);
    assertThatThrownBy(() -> RunStatus.fromCode("TIMED_OUT"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void terminal_statuses_are_all_but_queued_and_running() {
    assertThat(Stream.of(RunStatus.values()).filter(RunStatus::terminal))
        .containsExactly(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED, ABANDONED);
  }
}
