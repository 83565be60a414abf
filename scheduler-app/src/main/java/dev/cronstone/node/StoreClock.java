package dev.cronstone.node;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store's clock ({@code CURRENT_TIMESTAMP}), for the liveness timestamps of a cluster: every
 * node writes its heartbeats and judges the others' by the same clock, so a node whose own clock
 * runs ahead does not take its peers' live attempts for abandoned (found by the reliability suite's
 * clock-skew scenario, docs/reliability.md). One query per read; a read fails with {@code
 * store_unavailable} like the heartbeat it serves.
 */
final class StoreClock extends Clock {
  private final DataSource dataSource;

  StoreClock(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Instant instant() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    } catch (SQLException e) {
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot read the store's clock: " + e.getMessage(),
          null,
          List.of(),
          e);
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the store's clock is UTC");
  }
}
