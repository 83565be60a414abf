package dev.cronstone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The store's random id ({@code cs_store}, migration V9): created once, by the first process that
 * asks, and the same for every node and command on the store afterwards. Artifact folders are
 * marked with it, so runs of two stores never share one folder.
 */
public final class StoreIdentity {
  private StoreIdentity() {}

  /** The store's id, creating it when the store has none yet. */
  public static String of(DataSource dataSource, Instant now) throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(now, "now");
    Optional<String> id = read(dataSource);
    if (id.isPresent()) {
      return id.get();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO cs_store (singleton, store_id, created_at) VALUES ('x', ?, ?)")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setTimestamp(2, Timestamp.from(now));
      insert.executeUpdate();
    } catch (SQLException raced) {
      // another process created it first: its id is the store's
    }
    return read(dataSource)
        .orElseThrow(() -> new SQLException("cs_store holds no store id after creating one"));
  }

  private static Optional<String> read(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT store_id FROM cs_store");
        ResultSet row = select.executeQuery()) {
      return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    }
  }
}
