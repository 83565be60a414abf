package dev.cronstone.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Opens runs: the job's next run number and the run's row in one transaction, so a number is used
 * exactly when its run exists (gap-free), and the job's counter row lock serialises the opens of
 * one job across threads and processes.
 */
final class RunOpening {
  /**
   * The database refused the run as a duplicate (unique constraint); the transaction was rolled
   * back.
   */
  static final class DuplicateFire extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateFire(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    SQLException cause() {
      return (SQLException) getCause();
    }
  }

  /** What the opening transaction does next with the run it inserted (or the number it took). */
  interface Then<T, R> {
    T apply(Connection connection, R run) throws SQLException;
  }

  private RunOpening() {}

  static Run open(
      DataSource dataSource,
      String jobId,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      String requestedBy,
      Instant now) {
    return open(dataSource, jobId, kind, intendedFire, replayOf, requestedBy, now, (c, run) -> run);
  }

  /** Opens the run and, in the same transaction, does {@code then} with it. */
  static <T> T open(
      DataSource dataSource,
      String jobId,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      String requestedBy,
      Instant now,
      Then<T, Run> then) {
    return numbered(
        dataSource,
        jobId,
        (c, id) -> {
          Run run = Run.opened(id, kind, intendedFire, replayOf, requestedBy, now);
          insert(c, run, 0);
          return then.apply(c, run);
        });
  }

  /**
   * Takes the job's next run number (and with it the job's counter row lock) and hands it to {@code
   * insert}, which inserts the run with it (through {@link #insert}) in the same transaction.
   */
  static <T> T numbered(DataSource dataSource, String jobId, Then<T, RunId> insert) {
    String what = "open a run of '" + jobId + "'";
    for (int round = 1; ; round++) {
      Optional<T> opened =
          Jdbc.transaction(
              dataSource,
              what,
              c -> {
                Optional<Long> runNo = RunRows.nextRunNo(c, jobId);
                if (runNo.isEmpty()) {
                  return Optional.empty();
                }
                return Optional.of(insert.apply(c, new RunId(jobId, runNo.get())));
              });
      if (opened.isPresent()) {
        return opened.get();
      }
      if (round > 2) {
        throw new IllegalStateException("the run counter of '" + jobId + "' could not be created");
      }
      Jdbc.autoCommit(
          dataSource,
          what,
          c -> {
            RunRows.createCounter(c, jobId);
            return null;
          });
    }
  }

  /**
   * Inserts an opened run with {@code lastSeq} event numbers taken; a duplicate fire (the unique
   * key of job and fire instant) is thrown as {@link DuplicateFire}.
   */
  static void insert(Connection c, Run run, long lastSeq) throws SQLException {
    try {
      RunRows.insert(c, run, lastSeq);
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)) {
        throw new DuplicateFire(e);
      }
      throw e;
    }
  }
}
