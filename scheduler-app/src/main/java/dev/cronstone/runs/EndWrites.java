package dev.cronstone.runs;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.ledger.IllegalRunTransitionException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes that record how an attempt ended, made durable against a store outage: a write that
 * fails with {@code store_unavailable} is tried again with a growing pause (250 ms doubling up to 5
 * s) until the store is back, for at most {@link #PATIENCE}. Without this, an attempt that ended
 * while the database was down (a restart, dropped connections) stayed {@code running} for good,
 * heartbeated by its live owner, holding its {@code maxConcurrent} slot.
 *
 * <p>A write refused as an illegal transition is checked with {@code alreadyDone}, which reads what
 * the store holds: a write that committed before its connection broke, or a run that another
 * attempt (a recovery started while this node could not reach the store) ended meanwhile, counts as
 * done instead of failing.
 */
final class EndWrites {
  private static final Logger LOG = LoggerFactory.getLogger(EndWrites.class);
  static final Duration FIRST_PAUSE = Duration.ofMillis(250);
  static final Duration MAX_PAUSE = Duration.ofSeconds(5);
  static final Duration PATIENCE = Duration.ofMinutes(10);

  private EndWrites() {}

  static <T> T retrying(String owner, String what, Supplier<T> write) {
    return retrying(owner, what, write, Optional::empty);
  }

  static <T> T retrying(
      String owner, String what, Supplier<T> write, Supplier<Optional<T>> alreadyDone) {
    Duration waited = Duration.ZERO;
    Duration pause = FIRST_PAUSE;
    boolean interrupted = false;
    try {
      for (int tryNo = 1; ; tryNo++) {
        try {
          T result = write.get();
          if (tryNo > 1) {
            LOG.info("[{}] {}: recorded after {} tries", owner, what, tryNo);
          }
          return result;
        } catch (IllegalRunTransitionException e) {
          Optional<T> done = alreadyDone.get();
          if (done.isPresent()) {
            LOG.info(
                "[{}] {}: the store has it already (an earlier try committed, or another attempt"
                    + " ended the run meanwhile)",
                owner,
                what);
            return done.get();
          }
          throw e;
        } catch (CronstoneException e) {
          if (e.code() != ErrorCode.STORE_UNAVAILABLE || waited.compareTo(PATIENCE) >= 0) {
            if (tryNo > 1) {
              LOG.error("[{}] {}: gave up after {} ({})", owner, what, waited, e.getMessage());
            }
            throw e;
          }
          if (tryNo == 1) {
            LOG.warn(
                "[{}] {}: the store is unavailable ({}); trying again until it is back (at most {})",
                owner,
                what,
                e.getMessage(),
                PATIENCE);
          }
          interrupted |= pause(pause);
          waited = waited.plus(pause);
          pause =
              pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sleeps; an interrupt (a graceful stop) does not cut the wait short, it is kept for later. */
  private static boolean pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }
}
