package dev.cronstone.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events a begin in this process wrote and committed, by run, kept until the run's end: an end
 * whose reserved event numbers follow them directly knows the run's whole event list (numbers are
 * gap-free, so nothing else was appended in between) and does not read it back for the artifacts.
 * Any other end reads the events from the store. Bounded: past {@link #MAX_RUNS} runs (ends that
 * happened elsewhere, runs abandoned) it starts afresh.
 */
final class BegunEvents {
  static final int MAX_RUNS = 20_000;

  private final Map<RunId, List<RunEvent>> byRun = new ConcurrentHashMap<>();

  /** The begin of {@code run} committed these events, its first ones. */
  void put(RunId run, List<RunEvent> events) {
    if (events.isEmpty() || events.get(0).seq() != 1) {
      return;
    }
    if (byRun.size() >= MAX_RUNS) {
      byRun.clear();
    }
    byRun.put(run, List.copyOf(events));
  }

  /**
   * Every event of {@code run} when the end's {@code written} events directly follow those its
   * begin wrote here; empty when they do not (read the store then). Forgets the run either way.
   */
  Optional<List<RunEvent>> complete(RunId run, List<RunEvent> written) {
    List<RunEvent> begun = byRun.remove(run);
    if (begun == null || written.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < begun.size(); i++) {
      if (begun.get(i).seq() != i + 1) {
        return Optional.empty();
      }
    }
    if (written.get(0).seq() != begun.size() + 1) {
      return Optional.empty();
    }
    return Optional.of(java.util.stream.Stream.concat(begun.stream(), written.stream()).toList());
  }

  /** Forgets {@code run} (its end did not go through {@link #complete}). */
  void forget(RunId run) {
    byRun.remove(run);
  }
}
