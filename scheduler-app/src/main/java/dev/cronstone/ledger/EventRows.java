package dev.cronstone.ledger;

import static dev.cronstone.ledger.Jdbc.instant;
import static dev.cronstone.ledger.Jdbc.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of {@code cs_event}. */
final class EventRows {
  private static final String INSERT =
      "INSERT INTO cs_event (job_id, run_no, seq,"
          + " occurred_at, attempt_no, event_type, message, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private EventRows() {}

  static void insert(Connection connection, RunEvent event) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bind(insert, event);
      insert.executeUpdate();
    }
  }

  /** Inserts events of any runs, their numbers already taken, as one JDBC batch. */
  static void insertAll(Connection connection, List<RunEvent> events) throws SQLException {
    Jdbc.batch(connection, INSERT, events, EventRows::bind);
  }

  private static void bind(PreparedStatement insert, RunEvent event) throws SQLException {
    insert.setString(1, event.run().jobId());
    insert.setLong(2, event.run().runNo());
    insert.setLong(3, event.seq());
    insert.setObject(4, timestamp(event.at()));
    insert.setInt(5, event.attemptNo());
    insert.setString(6, event.type());
    insert.setString(7, event.message());
    insert.setString(8, LedgerJson.data(event.data()));
  }

  /** An event to append: everything but its run and sequence number. */
  record Draft(int attemptNo, String type, String message, Map<String, String> data, Instant at) {
    /** The event this draft becomes as event {@code seq} of {@code run}. */
    RunEvent numbered(RunId run, long seq) {
      return new RunEvent(run, seq, Jdbc.millis(at), attemptNo, type, message, data);
    }
  }

  /**
   * Appends events to the run in the order given, in two round trips however many: their sequence
   * numbers are reserved at once (locking the run's row as {@link #append} does), then the rows are
   * inserted as one batch. Returns them; empty when the run does not exist.
   */
  static Optional<List<RunEvent>> appendAll(Connection connection, RunId run, List<Draft> drafts)
      throws SQLException {
    if (drafts.isEmpty()) {
      return Optional.of(List.of());
    }
    Optional<Long> last = RunRows.reserveSeqs(connection, run, drafts.size());
    if (last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(insertReserved(connection, run, drafts, last.get()));
  }

  /**
   * Inserts the events with the sequence numbers the caller reserved, the last being {@code
   * lastSeq} ({@link RunRows#reserveSeqs}, {@link RunRows#updateReserving}); one batch.
   */
  static List<RunEvent> insertReserved(
      Connection connection, RunId run, List<Draft> drafts, long lastSeq) throws SQLException {
    long seq = lastSeq - drafts.size() + 1;
    List<RunEvent> events = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      events.add(d.numbered(run, seq++));
    }
    if (events.size() == 1) {
      insert(connection, events.get(0));
      return events;
    }
    insertAll(connection, events);
    return events;
  }

  /**
   * Appends an event to the run: takes its next sequence number (locking the run's row until the
   * transaction ends, so concurrent writers of one run queue and seq stays gap-free) and inserts
   * it. Empty when the run does not exist.
   */
  static Optional<RunEvent> append(
      Connection connection,
      RunId run,
      int attemptNo,
      String type,
      String message,
      Map<String, String> data,
      Instant at)
      throws SQLException {
    return appendAll(connection, run, List.of(new Draft(attemptNo, type, message, data, at)))
        .map(events -> events.get(0));
  }

  /**
   * Up to {@code limit} events of the run after {@code afterSeq}, in order: a range of the primary
   * key, ordered by all its columns so that H2 too stops after {@code limit} rows.
   */
  static List<RunEvent> page(Connection connection, RunId run, long afterSeq, int limit)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, occurred_at, attempt_no, event_type,"
                + " message, data_json FROM cs_event WHERE job_id = ? AND run_no = ? AND seq > ?"
                + " ORDER BY job_id, run_no, seq LIMIT ?")) {
      select.setString(1, run.jobId());
      select.setLong(2, run.runNo());
      select.setLong(3, afterSeq);
      select.setInt(4, limit);
      List<RunEvent> events = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          events.add(
              new RunEvent(
                  run,
                  rs.getLong("seq"),
                  instant(rs, "occurred_at"),
                  rs.getInt("attempt_no"),
                  rs.getString("event_type"),
                  rs.getString("message"),
                  LedgerJson.data(rs.getString("data_json"))));
        }
      }
      return events;
    }
  }
}
