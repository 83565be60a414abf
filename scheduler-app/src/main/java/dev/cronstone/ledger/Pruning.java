package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * One job's prune: its ended runs beyond the newest {@code keepLast}, or ended before {@code
 * olderThan} ago. The runs are locked, read again (a run that started meanwhile is no longer a
 * candidate) and deleted with their attempts and events (ON DELETE CASCADE) in one transaction.
 */
final class Pruning {
  private static final int CHUNK = 500;

  private final DataSource dataSource;
  private final String jobId;
  private final OptionalInt keepLast;
  private final Optional<Duration> olderThan;

  Pruning(DataSource dataSource, String jobId, OptionalInt keepLast, Optional<Duration> olderThan) {
    this.dataSource = dataSource;
    this.jobId = jobId;
    this.keepLast = keepLast;
    this.olderThan = olderThan;
    if (keepLast.isEmpty() && olderThan.isEmpty()) {
      throw invalid("prune needs keepLast and/or olderThan", "keepLast");
    }
    if (keepLast.isPresent() && keepLast.getAsInt() < 0) {
      throw invalid("keepLast must not be negative, got " + keepLast.getAsInt(), "keepLast");
    }
    if (olderThan.isPresent() && olderThan.get().isNegative()) {
      throw invalid("olderThan must not be negative, got " + olderThan.get(), "olderThan");
    }
  }

  PruneResult run(Instant now, boolean dryRun) {
    String what = "prune the runs of '" + jobId + "'";
    List<Long> runNos =
        dryRun
            ? Jdbc.autoCommit(dataSource, what, c -> candidates(c, now, false))
            : Jdbc.transaction(
                dataSource,
                what,
                c -> {
                  List<Long> locked = candidates(c, now, true);
                  if (locked.isEmpty()) {
                    return locked;
                  }
                  Set<Long> stillEnded = new HashSet<>(candidates(c, now, false));
                  List<Long> doomed = locked.stream().filter(stillEnded::contains).toList();
                  delete(c, doomed);
                  return doomed;
                });
    return new PruneResult(jobId, runNos.stream().map(n -> new RunId(jobId, n)).toList(), dryRun);
  }

  /**
   * The job's ended runs either rule prunes, in run order. One query per rule, each a range of an
   * index ({@code run_no} below the oldest kept: the primary key; ended before the cutoff: {@code
   * idx_cs_run_ended (job_id, ended_at)}), so that finding nothing to prune reads almost nothing
   * however long the job's history. An {@code OR} of both rules would read every run of the job.
   */
  private List<Long> candidates(Connection c, Instant now, boolean lock) throws SQLException {
    TreeSet<Long> runNos = new TreeSet<>();
    if (keepLast.isPresent()) {
      runNos.addAll(select(c, "run_no < ? ORDER BY job_id, run_no", keepFrom(c), lock));
    }
    if (olderThan.isPresent()) {
      Object cutoff = Jdbc.timestamp(now.minus(olderThan.get()));
      runNos.addAll(select(c, "ended_at < ? ORDER BY job_id, ended_at", cutoff, lock));
    }
    return new ArrayList<>(runNos);
  }

  private List<Long> select(Connection c, String rule, Object bound, boolean lock)
      throws SQLException {
    String sql =
        "SELECT run_no FROM cs_run WHERE job_id = ? AND status NOT IN "
            + RunRows.ACTIVE
            + " AND "
            + rule
            + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, jobId);
      select.setObject(2, bound);
      List<Long> runNos = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          runNos.add(rs.getLong(1));
        }
      }
      return runNos;
    }
  }

  /**
   * The number of the oldest run keepLast keeps (runs below it may go); 0 when it keeps them all.
   */
  private long keepFrom(Connection c) throws SQLException {
    int keep = keepLast.getAsInt();
    if (keep == 0) {
      return Long.MAX_VALUE;
    }
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT run_no FROM cs_run WHERE job_id = ?"
                + " ORDER BY job_id DESC, run_no DESC LIMIT 1 OFFSET ?")) {
      select.setString(1, jobId);
      select.setInt(2, keep - 1);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private void delete(Connection c, List<Long> runNos) throws SQLException {
    for (int from = 0; from < runNos.size(); from += CHUNK) {
      List<Long> chunk = runNos.subList(from, Math.min(runNos.size(), from + CHUNK));
      String marks = String.join(", ", chunk.stream().map(n -> "?").toList());
      try (PreparedStatement delete =
          c.prepareStatement("DELETE FROM cs_run WHERE job_id = ? AND run_no IN (" + marks + ")")) {
        delete.setString(1, jobId);
        for (int i = 0; i < chunk.size(); i++) {
          delete.setLong(i + 2, chunk.get(i));
        }
        delete.executeUpdate();
      }
    }
  }

  private static CronstoneException invalid(String message, String path) {
    return new CronstoneException(
        ErrorCode.INVALID_ARGUMENT, message, null, List.of(new Problem(path, message)));
  }
}
