package dev.cronstone.artifacts;

import dev.cronstone.config.RetentionConfig;
import dev.cronstone.model.RetentionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which finished runs of a job go: {@code keepLast} (all but the newest N) and/or {@code olderThan}
 * (those that ended longer ago than an age). With both, a run goes when EITHER rule says so: a job
 * keeps at most its newest N runs, none that ended before the age. Queued and running runs never go
 * (they count among the newest N, though). Neither set keeps everything.
 */
public record RetentionRule(OptionalInt keepLast, Optional<Duration> olderThan) {
  public RetentionRule {
    Objects.requireNonNull(keepLast, "keepLast");
    Objects.requireNonNull(olderThan, "olderThan");
    if (keepLast.isPresent() && keepLast.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "keepLast must not be negative, got " + keepLast.getAsInt());
    }
    if (olderThan.isPresent() && olderThan.get().isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, got " + olderThan.get());
    }
  }

  public static RetentionRule keepAll() {
    return new RetentionRule(OptionalInt.empty(), Optional.empty());
  }

  public static RetentionRule of(RetentionSpec spec) {
    return new RetentionRule(
        spec.keepLast().map(OptionalInt::of).orElse(OptionalInt.empty()), spec.olderThan());
  }

  public static RetentionRule of(RetentionConfig config) {
    return new RetentionRule(config.keepLast(), config.olderThan());
  }

  /** Whether this rule keeps every run (nothing to do). */
  public boolean keepsAll() {
    return keepLast.isEmpty() && olderThan.isEmpty();
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    keepLast.ifPresent(n -> parts.add("keepLast " + n));
    olderThan.ifPresent(d -> parts.add("olderThan " + d));
    return parts.isEmpty() ? "keep all" : String.join(", ", parts);
  }
}
