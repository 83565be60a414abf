package dev.cronstone.reliability;

import java.time.Duration;

/**
 * The load a reliability scenario holds: {@code nodes} node processes, {@code jobs} command jobs
 * firing every second, and {@code keepers} jobs firing every ten seconds that run for three seconds
 * (so that a fault finds attempts in flight), for {@code window} of intended fire instants.
 *
 * <p>The short form runs in CI ({@code mvn verify}); {@code -Dreliability.full=true} selects the
 * full form of issue 8 (3 nodes, 200 jobs firing every second, 2 minutes).
 */
record Load(int nodes, int jobs, int keepers, Duration window, Duration drain) {
  static final String FULL_PROPERTY = "reliability.full";

  static Load current() {
    return Boolean.getBoolean(FULL_PROPERTY) ? full() : shortForm();
  }

  static Load shortForm() {
    return new Load(3, 27, 3, Duration.ofSeconds(30), Duration.ofSeconds(240));
  }

  static Load full() {
    return new Load(3, 200, 10, Duration.ofMinutes(2), Duration.ofMinutes(5));
  }

  boolean isFull() {
    return jobs >= full().jobs();
  }

  /** Intended fires a second, on average. */
  double firesPerSecond() {
    return jobs + keepers / 10.0;
  }
}
