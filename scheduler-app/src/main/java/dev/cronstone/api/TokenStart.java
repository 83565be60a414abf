package dev.cronstone.api;

import dev.cronstone.config.ApiConfig.NamedToken;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.tokens.TokenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens a starting node accepts, and what it tells the operator about them. Configured tokens
 * ({@code api.token}, {@code api.tokens}) are always accepted, and so are the live tokens of the
 * store. With none configured, the node makes sure the store has one: the first node generates it
 * and writes it to its token file (0600), once; the others accept it and say where it is.
 */
final class TokenStart {
  private static final Logger LOG = LoggerFactory.getLogger(TokenStart.class);

  /**
   * @param notice where the operator finds a token, as {@code jobs serve} prints it
   * @param tokenFile the token file, when it holds a token this node accepts
   */
  record Started(Tokens tokens, String notice, Optional<Path> tokenFile) {}

  private TokenStart() {}

  static Started start(String nodeId, NodeConfig config, TokenStore store, Clock clock) {
    List<NamedToken> configured = config.api().configuredTokens();
    Tokens tokens = Tokens.withStore(configured, store::live, clock, nodeId);
    if (!configured.isEmpty()) {
      return new Started(
          tokens, "from the config (api.token / api.tokens) and the store", Optional.empty());
    }
    Path file = TokenFile.location(config).toAbsolutePath().normalize();
    TokenStore.Start start = store.ensure(TokenFile.read(file), nodeId, clock.instant());
    if (start instanceof TokenStore.Start.Generated generated) {
      try {
        TokenFile.write(file, generated.issued().token());
      } catch (RuntimeException e) {
        store.revoke(generated.issued().name(), clock.instant()); // nobody could ever read it
        throw e;
      }
      LOG.info(
          "[{}] made the cluster's API token '{}' (kept hashed in the store) and wrote it to {}",
          nodeId,
          generated.issued().name(),
          file);
      return new Started(
          tokens, "in " + file + " (send Authorization: Bearer <token>)", some(file));
    }
    TokenStore.Start.Existing existing = (TokenStore.Start.Existing) start;
    if (existing.fileToken()) {
      return new Started(
          tokens, "in " + file + " (send Authorization: Bearer <token>)", some(file));
    }
    String made =
        existing.live().stream()
            .map(t -> "'" + t.name() + "' by " + t.createdBy() + " at " + t.createdAt())
            .collect(Collectors.joining(", "));
    LOG.info("[{}] accepts the API token(s) kept in the store: {}", nodeId, made);
    return new Started(
        tokens,
        "kept in the store ("
            + made
            + "); the node that made one wrote it to its token file, `jobs api-token rotate`"
            + " makes a new one",
        Optional.empty());
  }

  private static Optional<Path> some(Path file) {
    return Optional.of(file);
  }
}
