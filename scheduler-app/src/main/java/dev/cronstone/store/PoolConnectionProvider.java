package dev.cronstone.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from a pool. Quartz calls {@link #shutdown()} when its store shuts down
 * (after its last write): a pool the node shares stays open, the node closes it; a pool of the
 * scheduler's own ({@link QuartzSchedulers#createFiring}) is closed then.
 */
final class PoolConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;
  private final HikariDataSource owned;

  /** A pool the node shares and closes. */
  PoolConnectionProvider(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.owned = null;
  }

  /** A pool of the scheduler's own, closed when its store shuts down. */
  PoolConnectionProvider(HikariDataSource own) {
    this.dataSource = Objects.requireNonNull(own, "own");
    this.owned = own;
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
    if (owned != null) {
      owned.close();
    }
  }
}
