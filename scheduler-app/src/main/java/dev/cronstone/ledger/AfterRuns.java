package dev.cronstone.ledger;

import dev.cronstone.model.AfterOn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs started by the end of an upstream run (docs/runs.md, "After another job"), in the
 * transaction that records that end: one indexed read of the ended run's job's downstream edges
 * ({@code cs_job_after}, enabled downstream jobs only; nothing more when there are none), then for
 * each downstream job whose {@code on} the end matches a queued {@code after} run, numbered under
 * that job's counter row, with its {@code run.queued} event naming the upstream run. The caller
 * holds the upstream run's row lock, so the existence check before each insert cannot race; the
 * unique key (job, upstream job, upstream run) is the last guard. A node's pump starts the queued
 * runs when their job has a free slot.
 */
final class AfterRuns {
  private static final String EDGES =
      "SELECT a.job_id, a.on_end FROM cs_job_after a JOIN cs_job j ON j.job_id = a.job_id"
          + " WHERE a.upstream_job_id = ? AND j.enabled = TRUE ORDER BY a.job_id";
  private static final String EXISTS =
      "SELECT run_no FROM cs_run WHERE job_id = ? AND upstream_job_id = ? AND upstream_run_no = ?";

  private AfterRuns() {}

  /**
   * Queues the runs that {@code ended}'s end starts; returns their ids. A run that never ran (a
   * skipped one) starts nothing.
   */
  static List<RunId> queue(Connection c, Run ended, Instant now) throws SQLException {
    if (ended.status() == RunStatus.SKIPPED || ended.attempts() == 0) {
      return List.of();
    }
    boolean succeeded = ended.status() == RunStatus.SUCCEEDED;
    List<RunId> queued = new ArrayList<>();
    for (String downstream : downstream(c, ended.id().jobId(), succeeded)) {
      if (exists(c, downstream, ended.id())) {
        continue;
      }
      RunId id = new RunId(downstream, nextRunNo(c, downstream));
      Run run = queued(id, ended.id(), now);
      RunRows.insert(c, run, 1);
      EventRows.insert(
          c,
          new RunEvent(
              id,
              1,
              now,
              0,
              "run.queued",
              "run " + id + " queued after run " + ended.id() + " " + ended.status().code(),
              Map.of("kind", RunKind.AFTER.code(), "upstreamRun", ended.id().toString())));
      queued.add(id);
    }
    return queued;
  }

  private static List<String> downstream(Connection c, String upstream, boolean succeeded)
      throws SQLException {
    List<String> jobs = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(EDGES)) {
      select.setString(1, upstream);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          if (AfterOn.of(rs.getString(2)).matches(succeeded)) {
            jobs.add(rs.getString(1));
          }
        }
      }
    }
    return jobs;
  }

  private static boolean exists(Connection c, String job, RunId upstream) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(EXISTS)) {
      select.setString(1, job);
      select.setString(2, upstream.jobId());
      select.setLong(3, upstream.runNo());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The job's next run number. Its counter row is created here when missing (a job that never ran),
   * inside a savepoint: should another transaction (another end of a group commit, another node)
   * create it at the same moment, the unique violation is rolled back to the savepoint, not the
   * whole end, and the row the other one created is incremented. Where the database reports the
   * violation before the other transaction commits (H2 may) the increment finds no row, and the end
   * fails and is written again alone, finding it then.
   */
  private static long nextRunNo(Connection c, String job) throws SQLException {
    Optional<Long> next = RunRows.nextRunNo(c, job);
    if (next.isPresent()) {
      return next.get();
    }
    Savepoint before = c.setSavepoint();
    try (PreparedStatement insert = c.prepareStatement(RunRows.CREATE_COUNTER)) {
      insert.setString(1, job);
      insert.setString(2, job);
      insert.executeUpdate();
      c.releaseSavepoint(before);
    } catch (SQLException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(before);
    }
    return RunRows.nextRunNo(c, job)
        .orElseThrow(() -> new SQLException("the run counter of '" + job + "' was not created"));
  }

  private static Run queued(RunId id, RunId upstream, Instant now) {
    return new Run(
        id,
        RunKind.AFTER,
        now,
        Optional.empty(),
        RunStatus.QUEUED,
        Optional.empty(),
        Optional.empty(),
        "after:" + upstream,
        now,
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        Optional.of(upstream));
  }
}
