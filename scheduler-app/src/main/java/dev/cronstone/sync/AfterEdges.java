package dev.cronstone.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.model.AfterOn;
import dev.cronstone.model.AfterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code after} edges of the stored jobs ({@code cs_job_after}): written with their {@code
 * cs_job} rows, in the same transaction, from each row's canonical spec; read as a whole to check a
 * new set of specs for unknown upstream jobs and cycles ({@link dev.cronstone.model.AfterGraph}).
 * The end of each run reads the edges of its job (dev.cronstone.ledger), the edges of a disabled
 * job included: that read skips them.
 */
final class AfterEdges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AfterEdges() {}

  /** Every stored job's {@code after} list, by job id (jobs without one are left out). */
  static Map<String, List<AfterSpec>> readAll(Connection c) throws SQLException {
    Map<String, List<AfterSpec>> edges = new LinkedHashMap<>();
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT job_id, upstream_job_id, on_end FROM cs_job_after"
                    + " ORDER BY job_id, upstream_job_id");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        edges
            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new AfterSpec(rs.getString(2), AfterOn.of(rs.getString(3))));
      }
    }
    return edges;
  }

  /** Replaces the edges of the written rows with their specs', and drops the removed jobs'. */
  static void replace(Connection c, List<JobRecords.Row> written, List<String> removed)
      throws SQLException {
    if (written.isEmpty() && removed.isEmpty()) {
      return;
    }
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM cs_job_after WHERE job_id = ?")) {
      for (JobRecords.Row row : written) {
        delete.setString(1, row.jobId());
        delete.addBatch();
      }
      for (String id : removed) {
        delete.setString(1, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO cs_job_after (job_id, upstream_job_id, on_end) VALUES (?, ?, ?)")) {
      int n = 0;
      for (JobRecords.Row row : written) {
        for (AfterSpec a : of(row.specJson())) {
          insert.setString(1, row.jobId());
          insert.setString(2, a.job());
          insert.setString(3, a.on().specName());
          insert.addBatch();
          n++;
        }
      }
      if (n > 0) {
        insert.executeBatch();
      }
    }
  }

  /** The {@code after} list of a canonical spec. */
  static List<AfterSpec> of(String specJson) {
    JsonNode after;
    try {
      after = JSON.readTree(specJson).path("after");
    } catch (IOException e) {
      throw new UncheckedIOException("a stored spec is not JSON", e);
    }
    List<AfterSpec> list = new ArrayList<>();
    for (JsonNode entry : after) {
      list.add(new AfterSpec(entry.path("job").asText(), AfterOn.of(entry.path("on").asText())));
    }
    return list;
  }
}
