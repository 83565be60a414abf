package dev.cronstone.tokens;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token kept in the store, as it may be shown: never its digest, never the token.
 *
 * @param expiresAt when it stops being accepted (empty: never, until rotated or revoked)
 * @param createdBy the node id or OS user that made it
 */
public record StoredToken(
    String name, Instant createdAt, Optional<Instant> expiresAt, String createdBy) {
  public StoredToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    Objects.requireNonNull(createdBy, "createdBy");
  }

  /** Accepted at {@code now}: no end, or an end after {@code now}. */
  public boolean liveAt(Instant now) {
    return expiresAt.map(now::isBefore).orElse(true);
  }
}
