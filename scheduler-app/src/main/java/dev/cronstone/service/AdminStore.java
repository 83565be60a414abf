package dev.cronstone.service;

import dev.cronstone.cluster.ClusterMember;
import dev.cronstone.cluster.DeadNodes;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.store.Migrations;
import dev.cronstone.tokens.TokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store as an admin command sees it: plain connections to the configured JDBC URL, checked once
 * when opened, so that "cannot reach the store" is one clear {@code store_unavailable} error. No
 * node needs to run anywhere.
 */
public final class AdminStore implements AutoCloseable {
  private final StoreConfig store;
  private final DirectDataSource dataSource;

  private AdminStore(StoreConfig store, DirectDataSource dataSource) {
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
    DirectDataSource dataSource = new DirectDataSource(store, 0);
    try (Connection connection = dataSource.getConnection()) {
      connection.isValid(5);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "connect", e);
    }
    return new AdminStore(store, dataSource);
  }

  /** What a command does with the store, which decides what happens when it has no schema yet. */
  public enum Use {
    /** Reads only: a store with no schema is an error that says how to create it. */
    READ,
    /**
     * Writes: on H2 (the embedded default, a fresh folder) the schema is created, as a node does at
     * its start; on PostgreSQL a store with no schema is the same error as for {@link #READ}.
     */
    WRITE
  }

  /**
   * Opens the store, checks that it answers and that it has Cronstone's schema; creates the schema
   * for a {@link Use#WRITE}.
   *
   * @throws CronstoneException {@code store_unavailable} when the store does not answer, or has no
   *     schema (saying to run {@code jobs store migrate})
   */
  public static AdminStore open(StoreConfig store, Use use) {
    return open(store, use, 0);
  }

  /**
   * {@link #open(StoreConfig, Use)} for one command, whose steps share its sessions: a connection
   * closed by one step is handed to the next ({@link DirectDataSource}), so a command opens one or
   * two sessions instead of one per step. Close it when the command is done.
   */
  public static AdminStore openShared(StoreConfig store, Use use) {
    return open(store, use, DirectDataSource.MAX_IDLE);
  }

  private static AdminStore open(StoreConfig store, Use use, int keep) {
    Objects.requireNonNull(use, "use");
    AdminStore admin = new AdminStore(store, new DirectDataSource(store, keep));
    try {
      admin.check(use);
      return admin;
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /** Checks that the store answers and has the schema; creates it for a {@link Use#WRITE}. */
  private void check(Use use) {
    boolean schema;
    try (Connection connection = dataSource.getConnection()) {
      connection.isValid(5);
      schema = hasSchema(connection, store);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(store, "connect", e);
    }
    if (!schema) {
      if (use == Use.WRITE) {
        migrate();
      } else {
        throw new CronstoneException(
            ErrorCode.STORE_UNAVAILABLE,
            "the store at "
                + store.maskedUrl()
                + " has no Cronstone schema yet: create it with 'jobs store migrate'"
                + " (a node also creates it when it starts, 'jobs serve')");
      }
    }
  }

  /**
   * Whether the store has Cronstone's schema: its run ledger table answers (on the connection that
   * checked the store answers: a command opens one connection less).
   */
  private static boolean hasSchema(Connection connection, StoreConfig store) {
    try (Statement probe = connection.createStatement()) {
      probe.executeQuery("SELECT 1 FROM cs_run WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      if (StoreErrors.missingSchema(e)) {
        return false;
      }
      throw StoreErrors.unavailable(store, "read the store's schema", e);
    }
  }

  /** Ends the sessions kept for reuse ({@link #openShared}); nothing to end otherwise. */
  @Override
  public void close() {
    dataSource.close();
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
   * Removes the node {@code nodeId} from the node registry; refuses a live one ({@code
   * policy_denied}).
   */
  public ClusterMember forgetNode(String nodeId, Instant now) {
    return DeadNodes.forget(dataSource, nodeId, now);
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
