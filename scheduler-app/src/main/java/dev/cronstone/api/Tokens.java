package dev.cronstone.api;

import dev.cronstone.config.ApiConfig.NamedToken;
import dev.cronstone.tokens.LiveToken;
import dev.cronstone.tokens.TokenDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens a node accepts, each with its name: the configured ones, and the store's live
 * ones, read again when the last read is older than {@link #STORE_TTL} (so a rotation or a revoke
 * on any node applies to every node within that time). A presented token is compared with every one
 * in constant time ({@link TokenDigest#same} over SHA-256 digests, so neither the content nor the
 * length of a token leaks through timing). When the store cannot be read, the tokens read last stay
 * in force.
 */
final class Tokens {
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  static final String BEARER = "Bearer ";

  /** How long the store's tokens are trusted before they are read again. */
  static final Duration STORE_TTL = Duration.ofSeconds(5);

  private final List<LiveToken> configured;
  private final Function<Instant, List<LiveToken>> store;
  private final Clock clock;
  private final String nodeId;
  private List<LiveToken> stored = List.of();
  private Instant readAt;

  private Tokens(
      List<NamedToken> configured,
      Function<Instant, List<LiveToken>> store,
      Clock clock,
      String nodeId) {
    this.configured =
        configured.stream().map(t -> new LiveToken(t.name(), TokenDigest.of(t.token()))).toList();
    this.store = store;
    this.clock = clock;
    this.nodeId = nodeId;
  }

  /** Only the configured tokens (no store). */
  static Tokens of(List<NamedToken> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("the API needs at least one token: it is never open");
    }
    return new Tokens(tokens, now -> List.of(), Clock.systemUTC(), "-");
  }

  /**
   * The configured tokens and the store's live ones.
   *
   * @param store reads the tokens live at the given instant
   */
  static Tokens withStore(
      List<NamedToken> configured,
      Function<Instant, List<LiveToken>> store,
      Clock clock,
      String nodeId) {
    return new Tokens(configured, store, clock, nodeId);
  }

  /** The name of the token in an {@code Authorization} header value, if it is a known one. */
  Optional<String> authorize(String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    byte[] presented = TokenDigest.of(header.substring(BEARER.length()).trim());
    String name = null;
    for (LiveToken k : current()) {
      if (k.matches(presented) && name == null) {
        name = k.name();
      }
    }
    return Optional.ofNullable(name);
  }

  private synchronized List<LiveToken> current() {
    Instant now = clock.instant();
    if (readAt == null || !now.isBefore(readAt.plus(STORE_TTL)) || now.isBefore(readAt)) {
      try {
        stored = List.copyOf(store.apply(now));
      } catch (RuntimeException e) {
        LOG.warn(
            "[{}] cannot read the API tokens from the store; those read last stay in force: {}",
            nodeId,
            e.getMessage());
      }
      readAt = now;
    }
    List<LiveToken> all = new ArrayList<>(configured);
    all.addAll(stored);
    return all;
  }
}
