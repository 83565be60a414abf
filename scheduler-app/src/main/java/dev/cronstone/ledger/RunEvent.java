package dev.cronstone.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a run's event log, ordered by {@code seq} (1, 2, 3 … per run, gap-free).
 *
 * @param attemptNo the attempt it belongs to, or 0 for the run as a whole
 * @param data structured values, sorted by key
 */
public record RunEvent(
    RunId run,
    long seq,
    Instant at,
    int attemptNo,
    String type,
    String message,
    Map<String, String> data) {
  public RunEvent {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(data, "data");
    if (seq < 1) {
      throw new IllegalArgumentException("event seq starts at 1, got " + seq);
    }
    if (attemptNo < 0) {
      throw new IllegalArgumentException(
          "attemptNo must be 0 (the run) or an attempt number, got " + attemptNo);
    }
    data = Collections.unmodifiableMap(new TreeMap<>(data));
  }
}
