package dev.cronstone.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.config.StoreConfig;
import java.util.Objects;

/** One database (or PostgreSQL schema) made for a test class, and a small pool onto it. */
public final class TestDatabase implements AutoCloseable {
  private final String dialect;
  private final String url;
  private final String user;
  private final String password;
  private HikariDataSource dataSource;

  TestDatabase(String dialect, String url, String user, String password) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.url = Objects.requireNonNull(url, "url");
    this.user = user == null ? "" : user;
    this.password = password == null ? "" : password;
  }

  /** {@code h2} or {@code postgresql}. */
  public String dialect() {
    return dialect;
  }

  public String url() {
    return url;
  }

  /** What a node's configuration would say to reach this database. */
  public StoreConfig storeConfig() {
    return new StoreConfig(url, user, password, 5);
  }

  /** A pool for the test's own JDBC reads and writes, opened on first use. */
  public synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("test-" + dialect);
      config.setJdbcUrl(url);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(3);
      config.setMinimumIdle(0);
      dataSource = new HikariDataSource(config);
    }
    return dataSource;
  }

  @Override
  public synchronized void close() {
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
  }
}
