package dev.cronstone.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * A run's status (docs/runs.md, "Statuses"), stored and printed lower-case. Which status may follow
 * which is {@link RunTransitions}' table. An attempt's outcome is one of the terminal statuses but
 * {@code skipped}.
 */
public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  CANCELLED,
  /** The overlap or misfire policy said no; recorded, never silent. */
  SKIPPED,
  /** Its owner stopped heartbeating. Terminal, unless a recovery attempt follows. */
  ABANDONED;

  /** Whether the run has ended: every status but {@code queued} and {@code running}. */
  public boolean terminal() {
    return this != QUEUED && this != RUNNING;
  }

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromCode(String code) {
    return Arrays.stream(values())
        .filter(s -> s.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run status '" + code + "'"));
  }

  @Override
  public String toString() {
    return code();
  }
}
