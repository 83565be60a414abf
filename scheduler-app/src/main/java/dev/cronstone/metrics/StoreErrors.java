package dev.cronstone.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts failures talking to the store, by where they happened, for {@code
 * cronstone_store_errors_total}. Recorded where {@code store_unavailable} is raised (the ledger's
 * JDBC helper, the node registry, the retry and slot triggers, the services' JDBC errors) and where
 * Quartz reports a job-store failure. The count is per process: the code that raises those errors
 * is shared by everything in it, and a process runs one node.
 */
public final class StoreErrors {
  /** Where a store failure happened. */
  public enum Source {
    /** The run ledger (runs, attempts, events, slots). */
    LEDGER,
    /** The node registry (check-ins, cluster membership). */
    REGISTRY,
    /** Quartz's job store (trigger acquisition, firing, retry and slot triggers). */
    QUARTZ,
    /** The job and run services behind the HTTP API (reads, run requests, pause, cancel). */
    SERVICE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final LongAdder[] COUNTS = new LongAdder[Source.values().length];

  static {
    for (int i = 0; i < COUNTS.length; i++) {
      COUNTS[i] = new LongAdder();
    }
  }

  private StoreErrors() {}

  /** One failure talking to the store. */
  public static void record(Source source) {
    COUNTS[source.ordinal()].increment();
  }

  /** The failures recorded in this process since it started. */
  public static long count(Source source) {
    return COUNTS[source.ordinal()].sum();
  }
}
