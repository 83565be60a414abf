package dev.cronstone.ledger;

import static dev.cronstone.ledger.RunStatus.ABANDONED;
import static dev.cronstone.ledger.RunStatus.CANCELLED;
import static dev.cronstone.ledger.RunStatus.FAILED;
import static dev.cronstone.ledger.RunStatus.QUEUED;
import static dev.cronstone.ledger.RunStatus.RUNNING;
import static dev.cronstone.ledger.RunStatus.SKIPPED;
import static dev.cronstone.ledger.RunStatus.SUCCEEDED;
import static dev.cronstone.ledger.RunStatus.TIMED_OUT;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The run-status changes the ledger allows, as data (docs/runs.md, "Statuses"). Every write of the
 * ledger goes through {@link #check}; anything not in the table fails loudly.
 *
 * <pre>
 * queued    → running | skipped | cancelled | failed | abandoned
 * running   → running (a further attempt) | succeeded | failed | timed_out | cancelled | abandoned
 * abandoned → running (only through a recovery attempt)
 * succeeded, failed, timed_out, cancelled, skipped → nothing
 * </pre>
 *
 * {@code queued → failed} is a run that could not start (its job is gone, its spec unreadable);
 * {@code queued → abandoned} a queued run whose node died before it started and that no recovery
 * picked up.
 */
public final class RunTransitions {
  private static final Map<RunStatus, Set<RunStatus>> ALLOWED = table();

  private RunTransitions() {}

  private static Map<RunStatus, Set<RunStatus>> table() {
    Map<RunStatus, Set<RunStatus>> table = new EnumMap<>(RunStatus.class);
    for (RunStatus status : RunStatus.values()) {
      table.put(status, Collections.unmodifiableSet(EnumSet.noneOf(RunStatus.class)));
    }
    table.put(
        QUEUED,
        Collections.unmodifiableSet(EnumSet.of(RUNNING, SKIPPED, CANCELLED, FAILED, ABANDONED)));
    table.put(
        RUNNING,
        Collections.unmodifiableSet(
            EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ABANDONED)));
    table.put(ABANDONED, Collections.unmodifiableSet(EnumSet.of(RUNNING)));
    return Collections.unmodifiableMap(table);
  }

  /** The statuses a run in {@code from} may move to. */
  public static Set<RunStatus> allowedFrom(RunStatus from) {
    return ALLOWED.get(Objects.requireNonNull(from, "from"));
  }

  /** Whether {@code from → to} is in the table. */
  public static boolean allowed(RunStatus from, RunStatus to) {
    return allowedFrom(from).contains(Objects.requireNonNull(to, "to"));
  }

  /**
   * @throws IllegalRunTransitionException naming both statuses when {@code from → to} is not in the
   *     table
   */
  public static void check(RunStatus from, RunStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalRunTransitionException(from, to, refusal(from, to));
    }
  }

  /** {@link #check} for one run, named in the message. */
  static void check(RunId run, RunStatus from, RunStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalRunTransitionException(run, from, to, refusal(from, to));
    }
  }

  private static String refusal(RunStatus from, RunStatus to) {
    Set<RunStatus> allowed = allowedFrom(from);
    return "a run that is "
        + from
        + " cannot become "
        + to
        + " (allowed from "
        + from
        + ": "
        + (allowed.isEmpty() ? "nothing, it has ended" : allowed)
        + ")";
  }
}
