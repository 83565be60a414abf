package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source without a pool: one new connection per call. Admin commands run a few statements
 * and exit, so a pool would only add start-up time and its own error logging.
 */
final class DirectDataSource implements DataSource {
  /** How admin sessions appear in PostgreSQL's pg_stat_activity. */
  static final String APPLICATION_NAME = "cronstone-admin";

  private final StoreConfig store;
  private int loginTimeoutSeconds;

  DirectDataSource(StoreConfig store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(store.user(), store.password());
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
