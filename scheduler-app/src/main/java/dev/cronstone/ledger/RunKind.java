package dev.cronstone.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Why a run exists (docs/runs.md, "Runs, run numbers and run ids"); stored and printed lower-case.
 */
public enum RunKind {
  /** A fire time of the job's schedule. */
  SCHEDULED,
  /** A missed fire time replayed by the {@code catch_up} misfire policy. */
  CATCH_UP,
  /** {@code jobs run}, the API's "run now" or the console's "run again". */
  MANUAL,
  /** {@code jobs run --fire-time T}: a past fire time run again on purpose. */
  REPLAY,
  /**
   * {@code jobs backfill}: one of the schedule's instants in a range, run again on purpose; at most
   * one backfill run per (job, instant).
   */
  BACKFILL,
  /**
   * {@code after}: started by the end of a run of an upstream job; at most one per (job, upstream
   * run).
   */
  AFTER;

  /** Scheduled and catch-up runs own their intended fire instant: one run per (job, instant). */
  public boolean ownsFireTime() {
    return this == SCHEDULED || this == CATCH_UP;
  }

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a stored or typed code such as {@code catch_up}. */
  public static RunKind fromCode(String code) {
    return Arrays.stream(values())
        .filter(k -> k.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run kind '" + code + "'"));
  }

  @Override
  public String toString() {
    return code();
  }
}
