package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.metrics.StoreErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions and time values for the ledger's plain JDBC, which runs unchanged on H2 and
 * PostgreSQL. Instants are written as UTC {@code TIMESTAMP WITH TIME ZONE} values, to the
 * millisecond, so what is read back equals what was written whatever the JVM's or session's zone.
 */
final class Jdbc {
  private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

  /** Tries of a transaction that lost a lock race (deadlock, lock timeout) before giving up. */
  static final int MAX_TRIES = 10;

  /**
   * Lost lock races, worth a retry: serialization failure / H2 deadlock (40001), PostgreSQL
   * deadlock (40P01) and lock timeout (55P03), H2 lock timeout (HYT00) and concurrent update
   * (90131).
   */
  private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

  static final String UNIQUE_VIOLATION = "23505";

  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Binds one row's values to a prepared statement. */
  interface Binder<T> {
    void bind(PreparedStatement statement, T row) throws SQLException;
  }

  private Jdbc() {}

  /** Runs {@code sql} once per row, as one JDBC batch; nothing when there are no rows. */
  static <T> void batch(Connection connection, String sql, List<T> rows, Binder<T> binder)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (T row : rows) {
        binder.bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Runs {@code work} in one transaction, again from the start when it lost a lock race. */
  static <T> T transaction(DataSource dataSource, String what, Work<T> work) {
    for (int tryNo = 1; ; tryNo++) {
      try (Connection connection = dataSource.getConnection()) {
        return inTransaction(connection, work);
      } catch (SQLException e) {
        if (!isTransient(e) || tryNo >= MAX_TRIES) {
          throw unavailable(what, e);
        }
        LOG.debug(
            "ledger: {} lost a lock race (try {}, {}); trying again", what, tryNo, e.getSQLState());
        LockSupport.parkNanos(
            TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 5 * tryNo + 2)));
      }
    }
  }

  /** Runs {@code work} on a connection in auto-commit mode (reads, single statements). */
  static <T> T autoCommit(DataSource dataSource, String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.apply(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        connection.setAutoCommit(autoCommit);
      } catch (SQLException ignored) {
        // the pool resets the connection or evicts it
      }
    }
  }

  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && TRANSIENT.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  static CronstoneException unavailable(String what, SQLException e) {
    StoreErrors.record(StoreErrors.Source.LEDGER);
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = text.indexOf('\n');
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot "
            + what
            + ": the store failed ("
            + (newline < 0 ? text : text.substring(0, newline))
            + ")",
        null,
        List.of(),
        e);
  }

  /** The ledger keeps instants to the millisecond, as Quartz keeps its own. */
  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(millis(instant), ZoneOffset.UTC);
  }

  static OffsetDateTime timestamp(Optional<Instant> instant) {
    return instant.map(Jdbc::timestamp).orElse(null);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    if (value == null) {
      throw new SQLException("column " + column + " is NULL");
    }
    return value.toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }

  static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
