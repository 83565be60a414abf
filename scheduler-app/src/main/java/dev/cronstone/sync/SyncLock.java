package dev.cronstone.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store-wide lock of the writers of job definitions (sync, pause, resume): a row lock on {@code
 * cs_lock('sync')}, held by an open transaction on a connection of its own until {@link #close()}.
 * Works across processes and machines, on H2 (also through AUTO_SERVER) and PostgreSQL. Waits at
 * most the given time for another holder, then fails with a {@link SQLException}.
 */
public final class SyncLock implements AutoCloseable {
  /**
   * How long a writer waits for another one by default: a first sync of many jobs takes a while.
   */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

  static final String NAME = "sync";

  private final Connection connection;
  private final String restoreH2Timeout;

  private SyncLock(Connection connection, String restoreH2Timeout) {
    this.connection = connection;
    this.restoreH2Timeout = restoreH2Timeout;
  }

  /** Takes the lock, waiting up to {@code wait} for the process that holds it. */
  public static SyncLock acquire(DataSource dataSource, Duration wait) throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(wait, "wait");
    ensureRow(dataSource);
    Connection connection = dataSource.getConnection();
    try {
      boolean h2 =
          connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
      String restore = h2 ? h2LockTimeout(connection) : null;
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            h2
                ? "SET LOCK_TIMEOUT " + wait.toMillis()
                : "SET LOCAL lock_timeout = " + wait.toMillis());
        if (!h2) {
          // The lock's transaction stays idle while the sync works on other connections: a node's
          // idle-in-transaction limit (StorePool) must not end it.
          statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
        }
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT lock_name FROM cs_lock WHERE lock_name = ? FOR UPDATE")) {
        select.setString(1, NAME);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            throw new SQLException("the cs_lock row '" + NAME + "' is missing");
          }
        }
      }
      return new SyncLock(connection, restore);
    } catch (SQLException | RuntimeException e) {
      release(connection, null);
      throw e;
    }
  }

  /** True when the exception says the lock was not granted in time (H2 50200, PostgreSQL 55P03). */
  public static boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == 50200
        || "55P03".equals(e.getSQLState())
        || "HYT00".equals(e.getSQLState());
  }

  @Override
  public void close() throws SQLException {
    release(connection, restoreH2Timeout);
  }

  private static void release(Connection connection, String restoreH2Timeout) throws SQLException {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      if (restoreH2Timeout != null) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET LOCK_TIMEOUT " + restoreH2Timeout);
        }
      }
    } finally {
      connection.close();
    }
  }

  /** The row is seeded by the migration; put it back if someone emptied the table. */
  private static void ensureRow(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM cs_lock WHERE lock_name = ?")) {
      select.setString(1, NAME);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        if (row.getInt(1) > 0) {
          return;
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO cs_lock (lock_name) VALUES (?)")) {
        insert.setString(1, NAME);
        insert.executeUpdate();
      } catch (SQLException raced) {
        // another process inserted it first: fine
      }
    }
  }

  private static String h2LockTimeout(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'LOCK_TIMEOUT'")) {
      return row.next() ? Long.toString(Long.parseLong(row.getString(1).trim())) : "1000";
    }
  }
}
