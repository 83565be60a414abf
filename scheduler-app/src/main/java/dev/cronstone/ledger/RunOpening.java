package dev.cronstone.ledger;

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

  /** What the opening transaction does next with the run it inserted. */
  interface Then<T> {
    T apply(java.sql.Connection connection, Run run) throws SQLException;
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
      Then<T> then) {
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
                Run run =
                    new Run(
                        new RunId(jobId, runNo.get()),
                        kind,
                        intendedFire,
                        replayOf,
                        RunStatus.QUEUED,
                        Optional.empty(),
                        Optional.empty(),
                        requestedBy,
                        now,
                        Optional.empty(),
                        Optional.empty(),
                        0);
                try {
                  RunRows.insert(c, run);
                } catch (SQLException e) {
                  if (Jdbc.isUniqueViolation(e)) {
                    throw new DuplicateFire(e);
                  }
                  throw e;
                }
                return Optional.of(then.apply(c, run));
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
}
