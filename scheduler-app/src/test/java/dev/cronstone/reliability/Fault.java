package dev.cronstone.reliability;

import java.time.Instant;
import java.util.Objects;

/** A fault a scenario injected: what, on which node (or {@code store}), and when. */
record Fault(String kind, String target, Instant at) {
  Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
  }

  @Override
  public String toString() {
    return kind + " " + target + " @" + at;
  }
}
