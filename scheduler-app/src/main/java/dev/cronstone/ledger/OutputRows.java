package dev.cronstone.ledger;

import static dev.cronstone.ledger.Jdbc.instant;
import static dev.cronstone.ledger.Jdbc.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code cs_output}. */
final class OutputRows {
  private static final String INSERT =
      "INSERT INTO cs_output (job_id, run_no, attempt_no, seq, stream, chunk, written_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private OutputRows() {}

  /** Inserts the chunks as one JDBC batch. */
  static void insert(Connection connection, List<OutputChunk> chunks) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (OutputChunk chunk : chunks) {
        insert.setString(1, chunk.run().jobId());
        insert.setLong(2, chunk.run().runNo());
        insert.setInt(3, chunk.attemptNo());
        insert.setInt(4, chunk.seq());
        insert.setString(5, chunk.stream());
        insert.setString(6, chunk.text());
        insert.setObject(7, timestamp(chunk.at()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Up to {@code limit} chunks of the attempt after {@code afterSeq}, in order, of one stream or
   * (empty) of both: a range of the primary key.
   */
  static List<OutputChunk> page(
      Connection connection,
      RunId run,
      int attemptNo,
      Optional<String> stream,
      int afterSeq,
      int limit)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, stream, chunk, written_at FROM cs_output"
                + " WHERE job_id = ? AND run_no = ? AND attempt_no = ? AND seq > ?"
                + (stream.isPresent() ? " AND stream = ?" : "")
                + " ORDER BY job_id, run_no, attempt_no, seq LIMIT ?")) {
      int i = 1;
      select.setString(i++, run.jobId());
      select.setLong(i++, run.runNo());
      select.setInt(i++, attemptNo);
      select.setInt(i++, afterSeq);
      if (stream.isPresent()) {
        select.setString(i++, stream.get());
      }
      select.setInt(i, limit);
      List<OutputChunk> chunks = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          chunks.add(
              new OutputChunk(
                  run,
                  attemptNo,
                  rs.getInt("seq"),
                  rs.getString("stream"),
                  rs.getString("chunk"),
                  instant(rs, "written_at")));
        }
      }
      return chunks;
    }
  }
}
