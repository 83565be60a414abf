package dev.cronstone.tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code cs_api_token}, the same on H2 and PostgreSQL; instants in UTC, to the ms. */
final class TokenRows {
  static final String UNIQUE_VIOLATION = "23505";
  private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";

  private TokenRows() {}

  static List<LiveToken> live(Connection c, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, token_hash FROM cs_api_token WHERE " + LIVE + " ORDER BY name")) {
      s.setObject(1, timestamp(now));
      List<LiveToken> live = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          live.add(new LiveToken(rs.getString(1), TokenDigest.fromHex(rs.getString(2))));
        }
      }
      return live;
    }
  }

  static List<StoredToken> all(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT name, created_at, expires_at, created_by FROM cs_api_token"
                + " ORDER BY created_at, name")) {
      List<StoredToken> all = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          all.add(
              new StoredToken(
                  rs.getString(1), instant(rs, 2).orElseThrow(), instant(rs, 3), rs.getString(4)));
        }
      }
      return all;
    }
  }

  static boolean hashKnown(Connection c, String hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM cs_api_token WHERE token_hash = ?")) {
      s.setString(1, hash);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  static boolean nameTaken(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM cs_api_token WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void insert(Connection c, StoredToken token, String hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO cs_api_token (name, token_hash, created_at, expires_at, created_by)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, token.name());
      s.setString(2, hash);
      s.setObject(3, timestamp(token.createdAt()));
      s.setObject(4, token.expiresAt().map(TokenRows::timestamp).orElse(null));
      s.setString(5, token.createdBy());
      s.executeUpdate();
    }
  }

  /** Ends every live token at {@code end} at the latest; returns how many now end then. */
  static int endLiveBy(Connection c, Instant now, Instant end) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE cs_api_token SET expires_at = ? WHERE "
                + LIVE
                + " AND (expires_at IS NULL OR expires_at > ?)")) {
      s.setObject(1, timestamp(end));
      s.setObject(2, timestamp(now));
      s.setObject(3, timestamp(end));
      return s.executeUpdate();
    }
  }

  /** Ends the named token now, if it is live; returns whether it was. */
  static boolean end(Connection c, String name, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE cs_api_token SET expires_at = ? WHERE name = ? AND " + LIVE)) {
      s.setObject(1, timestamp(now));
      s.setString(2, name);
      s.setObject(3, timestamp(now));
      return s.executeUpdate() > 0;
    }
  }

  static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC);
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
  }
}
