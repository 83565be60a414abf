package dev.cronstone.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An operator's pause of a job: whether it holds, who paused it and when, who resumed it last. */
public record PauseState(
    boolean paused,
    Optional<String> pausedBy,
    Optional<Instant> pausedAt,
    Optional<String> resumedBy,
    Optional<Instant> resumedAt) {

  public PauseState {
    Objects.requireNonNull(pausedBy, "pausedBy");
    Objects.requireNonNull(pausedAt, "pausedAt");
    Objects.requireNonNull(resumedBy, "resumedBy");
    Objects.requireNonNull(resumedAt, "resumedAt");
  }
}
