package dev.cronstone.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from the node's pool. Quartz calls {@link #shutdown()} when its
 * scheduler shuts down; the pool is the node's, not Quartz's, so it stays open.
 */
final class PoolConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  PoolConnectionProvider(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void initialize() {
    // The pool is open before Quartz sees it.
  }

  @Override
  public void shutdown() {
    // The node closes its pool after the scheduler has stopped.
  }
}
