package dev.cronstone.service;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.store.Migrations;
import dev.cronstone.tokens.TokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store as an admin command sees it: plain connections to the configured JDBC URL, checked once
 * when opened, so that "cannot reach the store" is one clear {@code store_unavailable} error. No
 * node needs to run anywhere.
 */
public final class AdminStore {
  private final StoreConfig store;
  private final DataSource dataSource;

  private AdminStore(StoreConfig store, DataSource dataSource) {
    this.store = store;
    this.dataSource = dataSource;
  }

  /**
   * Opens the store and checks that it answers.
   *
   * @throws CronstoneException {@code store_unavailable} with the masked URL when it does not
   */
  public static AdminStore open(StoreConfig store) {
    Objects.requireNonNull(store, "store");
    DataSource dataSource = new DirectDataSource(store);
    try (Connection connection = dataSource.getConnection()) {
      connection.isValid(5);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "connect", e);
    }
    return new AdminStore(store, dataSource);
  }

  public StoreConfig config() {
    return store;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public StoreInspector inspector() {
    return new StoreInspector(dataSource, store);
  }

  /** The cluster's API tokens kept in this store. */
  public TokenStore tokens() {
    return new TokenStore(dataSource, store.maskedUrl());
  }

  public StoreRepair repair() {
    return new StoreRepair(dataSource, store);
  }

  /**
   * Brings the schema up to date before a write: a single query when nothing is pending ({@link
   * Migrations#current}), Flyway otherwise.
   */
  public void ensureCurrent() {
    if (!Migrations.current(dataSource, store.dialect())) {
      migrate();
    }
  }

  /** Applies the pending schema migrations; returns those applied now (empty: up to date). */
  public List<Migrations.Applied> migrate() {
    try {
      return Migrations.apply(dataSource, store.dialect());
    } catch (RuntimeException e) {
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot migrate the store at " + store.maskedUrl() + ": " + StoreErrors.detail(store, e),
          null,
          List.of(),
          e);
    }
  }
}
