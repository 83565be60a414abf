package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for admin commands: no pool to start. A connection per call, or, for one command's
 * steps, a connection closed by its user is kept (up to {@code keep}, for up to {@link
 * #MAX_IDLE_NANOS} ns) and handed out again, so a command that asks for a connection for each step
 * (its checks, the job lock, Quartz's reads and writes) opens one or two sessions instead of about
 * ten ({@link ReturnedConnection}). A pool would only add start-up time and its own error logging.
 * {@link #close()} closes the kept ones.
 */
final class DirectDataSource implements DataSource, AutoCloseable {
  /** How admin sessions appear in PostgreSQL's pg_stat_activity. */
  static final String APPLICATION_NAME = "cronstone-admin";

  /** Connections kept for reuse at most: a command holds the job lock's and one more at a time. */
  static final int MAX_IDLE = 2;

  /**
   * A kept connection older than this is closed instead of reused, so a long-running command
   * ({@code tail --follow}) gets a fresh session after a while, as it did with a connection per
   * call.
   */
  static final long MAX_IDLE_NANOS = 5_000_000_000L;

  private final StoreConfig store;
  private final int keep;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private boolean closed;
  private int loginTimeoutSeconds;

  /** A kept connection and when it was given back ({@link System#nanoTime}, a monotonic count). */
  private record Idle(Connection connection, long since) {}

  /** A data source that keeps up to {@code keep} closed connections for reuse (0: none). */
  DirectDataSource(StoreConfig store, int keep) {
    this.store = Objects.requireNonNull(store, "store");
    this.keep = keep;
  }

  /** A kept connection when there is a fresh one, else a new one; its close gives it back. */
  @Override
  public Connection getConnection() throws SQLException {
    if (keep == 0) {
      return getConnection(store.user(), store.password());
    }
    Connection kept = takeIdle();
    return ReturnedConnection.lend(
        kept != null ? kept : getConnection(store.user(), store.password()), this::giveBack);
  }

  private synchronized Connection takeIdle() {
    long now = System.nanoTime();
    while (!idle.isEmpty()) {
      Idle last = idle.pop();
      if (now - last.since() < MAX_IDLE_NANOS) {
        return last.connection();
      }
      closeQuietly(last.connection());
    }
    return null;
  }

  /** Keeps {@code connection}, rolled back to auto-commit, unless it is broken or not needed. */
  private void giveBack(Connection connection, boolean reusable) {
    try {
      if (reusable && !connection.isClosed()) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
        synchronized (this) {
          if (!closed && idle.size() < keep) {
            idle.push(new Idle(connection, System.nanoTime()));
            return;
          }
        }
      }
    } catch (SQLException e) {
      // broken: closed below
    }
    closeQuietly(connection);
  }

  /** Closes the kept connections; connections given back later are closed too. */
  @Override
  public void close() {
    List<Idle> kept;
    synchronized (this) {
      closed = true;
      kept = new ArrayList<>(idle);
      idle.clear();
    }
    kept.forEach(k -> closeQuietly(k.connection()));
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a session we no longer need: nothing to do
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties properties = new Properties();
    if (user != null && !user.isEmpty()) {
      properties.setProperty("user", user);
      properties.setProperty("password", password == null ? "" : password);
    }
    if (store.url().startsWith("jdbc:postgresql:")) {
      properties.setProperty("ApplicationName", APPLICATION_NAME);
    }
    return DriverManager.getConnection(store.url(), properties);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // No driver logging.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
