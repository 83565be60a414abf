package dev.cronstone.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An end knows its run's whole event list only when its events directly follow its begin's. */
class BegunEventsTest {
  private static final RunId RUN = new RunId("job", 7);
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  private static RunEvent event(long seq, String type) {
    return new RunEvent(RUN, seq, AT, 1, type, type, Map.of());
  }

  @Test
  void events_that_follow_the_begins_directly_complete_the_list_once() {
    BegunEvents begun = new BegunEvents();
    begun.put(RUN, List.of(event(1, "attempt.started")));
    List<RunEvent> end = List.of(event(2, "attempt.finished"), event(3, "run.finished"));

    assertThat(begun.complete(RUN, end))
        .hasValueSatisfying(
            all -> assertThat(all).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L));
    assertThat(begun.complete(RUN, end)).isEmpty(); // forgotten after use
  }

  @Test
  void a_gap_an_unknown_run_or_a_forgotten_one_means_reading_the_store() {
    BegunEvents begun = new BegunEvents();
    begun.put(RUN, List.of(event(1, "attempt.started")));
    assertThat(begun.complete(RUN, List.of(event(3, "attempt.finished")))).isEmpty();

    assertThat(begun.complete(new RunId("other", 1), List.of(event(2, "x")))).isEmpty();

    begun.put(RUN, List.of(event(1, "attempt.started")));
    begun.forget(RUN);
    assertThat(begun.complete(RUN, List.of(event(2, "attempt.finished")))).isEmpty();
  }

  @Test
  void events_that_are_not_a_runs_first_ones_are_not_kept() {
    BegunEvents begun = new BegunEvents();
    begun.put(RUN, List.of(event(2, "attempt.started")));
    assertThat(begun.complete(RUN, List.of(event(3, "attempt.finished")))).isEmpty();
  }
}
