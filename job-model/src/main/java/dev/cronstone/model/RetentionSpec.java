package dev.cronstone.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's own retention of finished runs, overriding the node's: {@code keepLast} (the newest N
 * runs) and/or {@code olderThan} (an age); at least one is set. The retention code that applies it
 * (scheduler-app) says how the two combine.
 */
public record RetentionSpec(Optional<Integer> keepLast, Optional<Duration> olderThan) {
  public RetentionSpec {
    Objects.requireNonNull(keepLast, "keepLast");
    Objects.requireNonNull(olderThan, "olderThan");
    if (keepLast.isEmpty() && olderThan.isEmpty()) {
      throw new IllegalArgumentException("set keepLast, olderThan or both");
    }
    if (keepLast.isPresent() && keepLast.get() < 1) {
      throw new IllegalArgumentException("keepLast must be at least 1");
    }
    if (olderThan.isPresent() && (olderThan.get().isNegative() || olderThan.get().isZero())) {
      throw new IllegalArgumentException("olderThan must be positive");
    }
  }
}
