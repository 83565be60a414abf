package dev.cronstone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A long ledger history loaded straight into {@code cs_run}, {@code cs_attempt} and {@code
 * cs_event}: each job ran every minute up to now, one attempt a run (two for a failed run: the
 * first and a retry), three events a run. PostgreSQL gets {@code COPY}, H2 multi-row JDBC batches.
 *
 * <p>The shape, so that every read has a worst case to find: every tenth run of a job fails; the
 * first job ({@link #NEVER_SUCCEEDS}) fails every run (its "last success" is searched for in vain),
 * and the last job of the store has no runs at all.
 */
final class LedgerLoad {
  static final int NEVER_SUCCEEDS = 0;
  private static final int BATCH = 1_000;
  private static final int FLUSH_BYTES = 1 << 20;

  private final List<String> jobIds;
  private final long runsPerJob;
  private final Instant start;

  /** The runs of {@code jobIds} (all but the last), {@code runsPerJob} each, up to {@code now}. */
  LedgerLoad(List<String> jobIds, long runsPerJob, Instant now) {
    this.jobIds = jobIds;
    this.runsPerJob = runsPerJob;
    this.start =
        now.minus(Duration.ofMinutes(runsPerJob + 1))
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
  }

  /** The jobs that have runs: all but the last. */
  List<String> withRuns() {
    return jobIds.subList(0, jobIds.size() - 1);
  }

  static boolean failed(int job, long runNo) {
    return job == NEVER_SUCCEEDS || runNo % 10 == 7;
  }

  Instant fire(long runNo) {
    return start.plus(Duration.ofMinutes(runNo));
  }

  /** Loads every row; returns the rows written (runs, attempts, events). */
  long[] load(DataSource dataSource, boolean postgres) throws SQLException, IOException {
    long[] written = new long[3];
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      if (postgres) {
        copy(c, written);
      } else {
        batches(c, written);
      }
      counters(c);
      c.commit();
    }
    return written;
  }

  private void copy(Connection c, long[] written) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      // Loading only: skips the foreign key checks of each attempt and event row (superuser).
      s.execute("SET session_replication_role = replica");
    } catch (SQLException e) {
      c.rollback();
    }
    var copy = c.unwrap(PGConnection.class).getCopyAPI();
    written[0] = copyTable(copy.copyIn(copySql("cs_run", Rows.RUN)), this::runLines);
    written[1] = copyTable(copy.copyIn(copySql("cs_attempt", Rows.ATTEMPT)), this::attemptLines);
    written[2] = copyTable(copy.copyIn(copySql("cs_event", Rows.EVENT)), this::eventLines);
  }

  private static String copySql(String table, String columns) {
    return "COPY " + table + " (" + columns + ") FROM STDIN";
  }

  private interface Lines {
    long write(Sink sink) throws SQLException;
  }

  private interface Sink {
    void row(Object... values) throws SQLException;
  }

  private static long copyTable(CopyIn in, Lines lines) throws SQLException {
    StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
    long n =
        lines.write(
            values -> {
              for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                  buffer.append('\t');
                }
                buffer.append(values[i] == null ? "\\N" : text(values[i]));
              }
              buffer.append('\n');
              if (buffer.length() >= FLUSH_BYTES) {
                flush(in, buffer);
              }
            });
    flush(in, buffer);
    in.endCopy();
    return n;
  }

  private static String text(Object value) {
    return value instanceof Instant i ? i.toString() : value.toString();
  }

  private static void flush(CopyIn in, StringBuilder buffer) throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  private void batches(Connection c, long[] written) throws SQLException {
    written[0] = batch(c, "cs_run", Rows.RUN, this::runLines);
    written[1] = batch(c, "cs_attempt", Rows.ATTEMPT, this::attemptLines);
    written[2] = batch(c, "cs_event", Rows.EVENT, this::eventLines);
  }

  private static long batch(Connection c, String table, String columns, Lines lines)
      throws SQLException {
    int arity = columns.split(",").length;
    String marks = "?" + ", ?".repeat(arity - 1);
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
      int[] pending = {0};
      long n =
          lines.write(
              values -> {
                for (int i = 0; i < values.length; i++) {
                  Object v = values[i];
                  insert.setObject(
                      i + 1,
                      v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
                }
                insert.addBatch();
                if (++pending[0] == BATCH) {
                  insert.executeBatch();
                  pending[0] = 0;
                }
              });
      if (pending[0] > 0) {
        insert.executeBatch();
      }
      return n;
    }
  }

  private long runLines(Sink sink) throws SQLException {
    long n = 0;
    List<String> jobs = withRuns();
    for (int j = 0; j < jobs.size(); j++) {
      for (long r = 1; r <= runsPerJob; r++, n++) {
        Instant fire = fire(r);
        boolean failed = failed(j, r);
        sink.row(
            jobs.get(j),
            r,
            "scheduled",
            fire,
            fire.toEpochMilli(),
            failed ? "failed" : "succeeded",
            "bench-node",
            fire,
            fire.plusMillis(5),
            fire.plusMillis(failed ? 2_050 : 40),
            failed ? 2 : 1,
            3);
      }
    }
    return n;
  }

  private long attemptLines(Sink sink) throws SQLException {
    long n = 0;
    List<String> jobs = withRuns();
    for (int j = 0; j < jobs.size(); j++) {
      for (long r = 1; r <= runsPerJob; r++) {
        Instant fire = fire(r);
        if (failed(j, r)) {
          sink.row(
              jobs.get(j),
              r,
              1,
              "first",
              "bench-node",
              fire.plusMillis(5),
              fire.plusMillis(20),
              fire.plusMillis(30),
              "failed",
              1,
              "exit 1",
              false);
          sink.row(
              jobs.get(j),
              r,
              2,
              "retry",
              "bench-node",
              fire.plusMillis(2_030),
              fire.plusMillis(2_040),
              fire.plusMillis(2_050),
              "failed",
              1,
              "exit 1",
              false);
          n += 2;
        } else {
          sink.row(
              jobs.get(j),
              r,
              1,
              "first",
              "bench-node",
              fire.plusMillis(5),
              fire.plusMillis(20),
              fire.plusMillis(40),
              "succeeded",
              0,
              null,
              false);
          n++;
        }
      }
    }
    return n;
  }

  private long eventLines(Sink sink) throws SQLException {
    long n = 0;
    List<String> jobs = withRuns();
    for (int j = 0; j < jobs.size(); j++) {
      for (long r = 1; r <= runsPerJob; r++, n += 3) {
        Instant fire = fire(r);
        String id = jobs.get(j);
        String end = failed(j, r) ? "failed" : "succeeded";
        sink.row(id, r, 1, fire, 0, "run_queued", "queued by the schedule", "{}");
        sink.row(
            id,
            r,
            2,
            fire.plusMillis(5),
            1,
            "attempt_started",
            "attempt 1 started",
            "{\"owner\":\"bench-node\"}");
        sink.row(id, r, 3, fire.plusMillis(40), 1, "run_" + end, "the run " + end, "{}");
      }
    }
    return n;
  }

  private void counters(Connection c) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO cs_run_counter (job_id, last_run_no) VALUES (?, ?)")) {
      for (String id : withRuns()) {
        insert.setString(1, id);
        insert.setLong(2, runsPerJob);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The columns each table is loaded with (the others keep their defaults or NULL). */
  private static final class Rows {
    static final String RUN =
        "job_id, run_no, kind, intended_fire, fire_key, status, requested_by, created_at,"
            + " started_at, ended_at, attempts, last_seq";
    static final String ATTEMPT =
        "job_id, run_no, attempt_no, kind, owner, started_at, heartbeat_at, ended_at, outcome,"
            + " exit_code, detail, superseded";
    static final String EVENT =
        "job_id, run_no, seq, occurred_at, attempt_no, event_type, message, data_json";
  }
}
