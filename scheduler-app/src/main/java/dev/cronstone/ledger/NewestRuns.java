package dev.cronstone.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The newest run of each job of a page (of one status only, when given), read as one short index
 * probe per job, whatever the length of each job's history: the primary key {@code (job_id,
 * run_no)} read backwards, or {@code idx_cs_run_status (job_id, status, run_no)} for a status.
 *
 * <p>PostgreSQL gets a {@code LATERAL} join over the ids. H2 2.x has no {@code LATERAL}, so it gets
 * one parenthesised {@code ORDER BY … DESC LIMIT 1} per job joined by {@code UNION ALL}. Both order
 * by every column of the index: H2 reads an index in order (and stops after one row) only when the
 * {@code ORDER BY} names the index's columns from the first, even those fixed by the {@code WHERE}.
 */
final class NewestRuns {
  /** Ids per H2 statement, so a page of 10,000 jobs does not make one enormous statement. */
  private static final int UNION_CHUNK = 100;

  private NewestRuns() {}

  static List<Run> of(Connection connection, List<String> jobIds, Optional<RunStatus> status)
      throws SQLException {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(jobIds));
    if (ids.isEmpty()) {
      return List.of();
    }
    return isPostgres(connection)
        ? lateral(connection, ids, status)
        : unionAll(connection, ids, status);
  }

  /** The newest run of one job (of one status, when given): the probe each job gets. */
  static String probe(String alias, Optional<RunStatus> status) {
    String a = alias.isEmpty() ? "" : alias + ".";
    return status.isPresent()
        ? " AND "
            + a
            + "status = ? ORDER BY "
            + a
            + "job_id DESC, "
            + a
            + "status DESC, "
            + a
            + "run_no DESC LIMIT 1"
        : " ORDER BY " + a + "job_id DESC, " + a + "run_no DESC LIMIT 1";
  }

  private static List<Run> lateral(Connection c, List<String> ids, Optional<RunStatus> status)
      throws SQLException {
    String sql =
        "SELECT r.* FROM unnest(CAST(? AS VARCHAR[])) AS j(job_id) CROSS JOIN LATERAL (SELECT "
            + RunRows.COLUMNS
            + " FROM cs_run x WHERE x.job_id = j.job_id"
            + probe("x", status)
            + ") r";
    Array array = c.createArrayOf("varchar", ids.toArray());
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setArray(1, array);
      if (status.isPresent()) {
        select.setString(2, status.get().code());
      }
      return RunRows.read(select);
    } finally {
      array.free();
    }
  }

  private static List<Run> unionAll(Connection c, List<String> ids, Optional<RunStatus> status)
      throws SQLException {
    List<Run> runs = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += UNION_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + UNION_CHUNK));
      String one =
          "(SELECT " + RunRows.COLUMNS + " FROM cs_run WHERE job_id = ?" + probe("", status) + ")";
      String sql = String.join(" UNION ALL ", Collections.nCopies(chunk.size(), one));
      try (PreparedStatement select = c.prepareStatement(sql)) {
        int i = 1;
        for (String id : chunk) {
          select.setString(i++, id);
          if (status.isPresent()) {
            select.setString(i++, status.get().code());
          }
        }
        runs.addAll(RunRows.read(select));
      }
    }
    return runs;
  }

  private static boolean isPostgres(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
  }
}
