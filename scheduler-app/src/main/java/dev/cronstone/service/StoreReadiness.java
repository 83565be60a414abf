package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Whether the store answers a query within a short time (a node's readiness). Probes run on one
 * daemon thread, so a hung database costs one thread and a timeout, not a request thread each.
 */
public final class StoreReadiness implements AutoCloseable {
  private final DataSource dataSource;
  private final StoreConfig store;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "cronstone-store-probe");
            t.setDaemon(true);
            return t;
          });

  private Future<Void> pending;

  public StoreReadiness(DataSource dataSource, StoreConfig store) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Empty when {@code SELECT 1} succeeded within {@code timeout}; else why not (masked). */
  public synchronized Optional<String> check(Duration timeout) {
    if (pending != null && !pending.isDone()) {
      return Optional.of(
          "the store at " + store.maskedUrl() + " has not answered an earlier probe");
    }
    Future<Void> query = executor.submit(this::query);
    pending = query;
    try {
      query.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      query.cancel(true);
      return Optional.of("the store at " + store.maskedUrl() + " did not answer within " + timeout);
    } catch (ExecutionException e) {
      return Optional.of(
          "the store at "
              + store.maskedUrl()
              + " failed: "
              + StoreErrors.detail(store, e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while probing the store");
    }
  }

  private Void query() throws SQLException {
    try (Connection c = dataSource.getConnection();
        var statement = c.createStatement()) {
      statement.setQueryTimeout(5);
      statement.execute("SELECT 1");
    }
    return null;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
