package dev.cronstone.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The node-wide default retention of runs; both empty (the default) keeps every run. */
public record RetentionConfig(OptionalInt keepLast, Optional<Duration> olderThan) {
  public RetentionConfig {
    keepLast = keepLast == null ? OptionalInt.empty() : keepLast;
    olderThan = olderThan == null ? Optional.empty() : olderThan;
  }

  static RetentionConfig keepAll() {
    return new RetentionConfig(OptionalInt.empty(), Optional.empty());
  }
}
