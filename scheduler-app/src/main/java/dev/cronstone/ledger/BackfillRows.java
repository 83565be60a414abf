package dev.cronstone.ledger;

import static dev.cronstone.ledger.Jdbc.instant;
import static dev.cronstone.ledger.Jdbc.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SQL of {@code cs_backfill} and of the backfill columns of {@code cs_run}, and the reads of
 * the runs a node's pump starts: queued backfill runs and queued {@code after} runs alike.
 */
final class BackfillRows {
  private BackfillRows() {}

  /**
   * The job's last run number, its counter row locked until the transaction ends; empty when the
   * job has no counter row yet.
   */
  static Optional<Long> lockCounter(Connection c, String jobId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT last_run_no FROM cs_run_counter WHERE job_id = ? FOR UPDATE")) {
      select.setString(1, jobId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  static void setCounter(Connection c, String jobId, long lastRunNo) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE cs_run_counter SET last_run_no = ? WHERE job_id = ?")) {
      update.setLong(1, lastRunNo);
      update.setString(2, jobId);
      update.executeUpdate();
    }
  }

  /** The instants in {@code [from, to)} (epoch ms) that have a backfill run of the job. */
  static Set<Long> keys(Connection c, String jobId, Instant from, Instant to) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT backfill_key FROM cs_run WHERE job_id = ?"
                + " AND backfill_key >= ? AND backfill_key < ?")) {
      select.setString(1, jobId);
      select.setLong(2, from.toEpochMilli());
      select.setLong(3, to.toEpochMilli());
      Set<Long> keys = new HashSet<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getLong(1));
        }
      }
      return keys;
    }
  }

  /** Inserts the backfill's row; returns its id. */
  static long insert(
      Connection c,
      String jobId,
      Instant from,
      Instant to,
      String requestedBy,
      Instant now,
      int instants)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO cs_backfill (job_id, range_from, range_to, requested_by, created_at,"
                + " instants) VALUES (?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      insert.setString(1, jobId);
      insert.setObject(2, timestamp(from));
      insert.setObject(3, timestamp(to));
      insert.setString(4, requestedBy);
      insert.setObject(5, timestamp(now));
      insert.setInt(6, instants);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("the database did not return the id of the new backfill");
        }
        return keys.getLong(1);
      }
    }
  }

  /** The runs the pump starts: backfill runs and runs an upstream run's end queued. */
  private static final String PUMPED = "(backfill_id IS NOT NULL OR upstream_job_id IS NOT NULL)";

  /** The jobs that have a backfill or {@code after} run waiting to start. */
  static List<String> waitingJobs(Connection c) throws SQLException {
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT DISTINCT job_id FROM cs_run WHERE status = 'queued' AND "
                    + PUMPED
                    + " ORDER BY job_id");
        ResultSet rs = select.executeQuery()) {
      List<String> jobs = new ArrayList<>();
      while (rs.next()) {
        jobs.add(rs.getString(1));
      }
      return jobs;
    }
  }

  /**
   * The job's lowest-numbered {@code limit} queued backfill and {@code after} runs nobody asked to
   * cancel, their rows locked until the transaction ends.
   */
  static List<Run> nextQueued(Connection c, String jobId, int limit) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + RunRows.COLUMNS
                + " FROM cs_run WHERE job_id = ? AND status = 'queued' AND "
                + PUMPED
                + " AND cancel_requested_at IS NULL ORDER BY run_no LIMIT ? FOR UPDATE")) {
      select.setString(1, jobId);
      select.setInt(2, limit);
      return RunRows.read(select);
    }
  }

  /**
   * The backfill's runs, newest first, below run number {@code beforeRunNo}, at most {@code limit}.
   */
  static List<Run> runs(Connection c, String jobId, long backfillId, long beforeRunNo, int limit)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT "
                + RunRows.COLUMNS
                + " FROM cs_run WHERE backfill_id = ? AND job_id = ? AND run_no < ?"
                + " ORDER BY run_no DESC LIMIT ?")) {
      select.setLong(1, backfillId);
      select.setString(2, jobId);
      select.setLong(3, beforeRunNo);
      select.setInt(4, limit);
      return RunRows.read(select);
    }
  }

  /** The job's backfills, newest first, at most {@code limit}, with their runs' counts. */
  static List<Backfill> list(Connection c, String jobId, int limit) throws SQLException {
    Map<Long, Map<String, Integer>> counts = counts(c, jobId);
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT id, job_id, range_from, range_to, requested_by, created_at, instants"
                + " FROM cs_backfill WHERE job_id = ? ORDER BY id DESC LIMIT ?")) {
      select.setString(1, jobId);
      select.setInt(2, limit);
      List<Backfill> backfills = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          backfills.add(
              new Backfill(
                  id,
                  rs.getString("job_id"),
                  instant(rs, "range_from"),
                  instant(rs, "range_to"),
                  rs.getString("requested_by"),
                  instant(rs, "created_at"),
                  rs.getInt("instants"),
                  counts.getOrDefault(id, Map.of())));
        }
      }
      return backfills;
    }
  }

  private static Map<Long, Map<String, Integer>> counts(Connection c, String jobId)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT backfill_id, status, COUNT(*) FROM cs_run"
                + " WHERE job_id = ? AND backfill_id IS NOT NULL GROUP BY backfill_id, status")) {
      select.setString(1, jobId);
      Map<Long, Map<String, Integer>> counts = new HashMap<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          counts
              .computeIfAbsent(rs.getLong(1), id -> new TreeMap<>())
              .put(rs.getString(2), rs.getInt(3));
        }
      }
      return counts;
    }
  }
}
