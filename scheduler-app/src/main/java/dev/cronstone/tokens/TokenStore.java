package dev.cronstone.tokens;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The cluster's API tokens in {@code cs_api_token}: every node reads the live ones, the first node
 * without a configured token generates one, {@code jobs api-token} rotates and revokes them. Only
 * digests are stored. Revoked and expired tokens stay as rows (their names and digests are never
 * reused), so a revoked token can never come back, not even from an old token file.
 */
public final class TokenStore {
  /** The name of the first generated token, as a configured {@code api.token} is named. */
  public static final String FIRST_NAME = "api";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final int MAX_NAME_TRIES = 20;

  private final DataSource dataSource;
  private final String where;

  /**
   * @param where the store as errors may name it (a masked URL)
   */
  public TokenStore(DataSource dataSource, String where) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.where = Objects.requireNonNull(where, "where");
  }

  /** What a node found or did at start: its generated token, or the store's tokens. */
  public sealed interface Start {
    /** This node made the cluster's token now: the caller shows it once (its token file). */
    record Generated(IssuedToken issued) implements Start {}

    /**
     * The store already has live tokens.
     *
     * @param fileToken whether the token the caller read from its token file is one of them
     */
    record Existing(List<StoredToken> live, boolean fileToken) implements Start {}
  }

  /**
   * Makes sure the cluster has a live token. When the store has none, the token of {@code
   * fileToken} (a token file from before tokens were kept in the store) is taken, unless the store
   * has known it before (it was revoked or has expired); else a new one is made. Nodes starting
   * together agree on one: a lost race reads the winner's.
   */
  public Start ensure(Optional<String> fileToken, String createdBy, Instant now) {
    return transaction(
        "read or make the API token",
        c -> {
          for (int tryNo = 0; tryNo < MAX_NAME_TRIES; tryNo++) {
            List<LiveToken> live = TokenRows.live(c, now);
            if (!live.isEmpty()) {
              boolean matches =
                  fileToken
                      .map(TokenDigest::of)
                      .map(d -> live.stream().anyMatch(t -> t.matches(d)))
                      .orElse(false);
              List<String> names = live.stream().map(LiveToken::name).toList();
              List<StoredToken> shown =
                  TokenRows.all(c).stream().filter(t -> names.contains(t.name())).toList();
              return new Start.Existing(shown, matches);
            }
            String token =
                fileToken
                    .filter(t -> !known(c, TokenDigest.hex(t)))
                    .orElseGet(TokenDigest::newToken);
            String name = tryNo == 0 ? FIRST_NAME : freeName(c, now);
            StoredToken stored =
                new StoredToken(name, TokenRows.truncate(now), Optional.empty(), createdBy);
            if (insertUnlessRaced(c, stored, TokenDigest.hex(token))) {
              return new Start.Generated(new IssuedToken(stored, token));
            }
          }
          throw new IllegalStateException("no free token name after " + MAX_NAME_TRIES + " tries");
        });
  }

  /**
   * Makes a new token and ends every live one {@code overlap} from now (or sooner, if it ended
   * sooner already), so both are accepted until then.
   *
   * @param name the new token's name (empty: {@code api-<yyyyMMdd-HHmmss>} of now, UTC)
   * @throws CronstoneException {@code invalid_argument} when the name is malformed or taken
   */
  public IssuedToken rotate(
      Optional<String> name, Duration overlap, String createdBy, Instant now) {
    if (overlap.isNegative()) {
      throw CronstoneException.invalidArgument("overlap", "must not be negative, got " + overlap);
    }
    name.ifPresent(TokenStore::checkName);
    Instant truncated = TokenRows.truncate(now);
    return transaction(
        "rotate the API token",
        c -> {
          String chosen = name.isPresent() ? name.get() : freeName(c, truncated);
          if (TokenRows.nameTaken(c, chosen)) {
            throw CronstoneException.invalidArgument(
                "name", "a token named '" + chosen + "' exists (or existed); choose another name");
          }
          TokenRows.endLiveBy(c, truncated, truncated.plus(overlap));
          String token = TokenDigest.newToken();
          StoredToken stored = new StoredToken(chosen, truncated, Optional.empty(), createdBy);
          TokenRows.insert(c, stored, TokenDigest.hex(token));
          return new IssuedToken(stored, token);
        });
  }

  /**
   * Ends the named token now.
   *
   * @return false when it had ended already
   * @throws CronstoneException {@code invalid_argument} when no token has that name
   */
  public boolean revoke(String name, Instant now) {
    return transaction(
        "revoke the API token",
        c -> {
          if (!TokenRows.nameTaken(c, name)) {
            throw CronstoneException.invalidArgument(
                "name", "no API token named '" + name + "' is kept in the store");
          }
          return TokenRows.end(c, name, now);
        });
  }

  /** Every token kept, live or ended, oldest first. */
  public List<StoredToken> list() {
    return transaction("list the API tokens", TokenRows::all);
  }

  /** The tokens accepted at {@code now}. */
  public List<LiveToken> live(Instant now) {
    return transaction("read the API tokens", c -> TokenRows.live(c, now));
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw CronstoneException.invalidArgument(
          "name", "must be 1-64 of [A-Za-z0-9._-], got '" + name + "'");
    }
  }

  private static String freeName(Connection c, Instant now) throws SQLException {
    String base = FIRST_NAME + "-" + STAMP.format(now);
    String name = base;
    for (int n = 2; TokenRows.nameTaken(c, name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private static boolean known(Connection c, String hash) {
    try {
      return TokenRows.hashKnown(c, hash);
    } catch (SQLException e) {
      throw new Failed(e);
    }
  }

  /** Inserts in a savepoint; false when another node took the name (or the digest) first. */
  private static boolean insertUnlessRaced(Connection c, StoredToken stored, String hash)
      throws SQLException {
    var savepoint = c.setSavepoint();
    try {
      TokenRows.insert(c, stored, hash);
      c.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      if (!TokenRows.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      return false;
    }
  }

  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  /** A JDBC failure inside a lambda that cannot throw it. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(SQLException cause) {
      super(cause);
    }
  }

  private <T> T transaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (Failed e) {
      throw unavailable(what, (SQLException) e.getCause());
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private CronstoneException unavailable(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean noTable = state.equals("42P01") || state.equals("42S02") || state.equals("42S04");
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot "
            + what
            + ": the store at "
            + where
            + (noTable
                ? " lacks the API token table (run 'jobs store migrate')"
                : " is unavailable: " + first),
        null,
        List.of(),
        e);
  }
}
