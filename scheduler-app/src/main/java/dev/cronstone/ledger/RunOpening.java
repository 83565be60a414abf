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

  private RunOpening() {}

  static Run open(
      DataSource dataSource,
      String jobId,
      RunKind kind,
      Instant intendedFire,
      Optional<Long> replayOf,
      String requestedBy,
      Instant now) {
    String what = "open a run of '" + jobId + "'";
    for (int round = 1; ; round++) {
      Optional<Run> opened =
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
                return Optional.of(run);
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
