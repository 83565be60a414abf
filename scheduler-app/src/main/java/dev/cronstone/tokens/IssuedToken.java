package dev.cronstone.tokens;

import java.util.Objects;

/**
 * A token just made, the only time its plain text exists outside its holder: shown once (the
 * generating node's token file, {@code jobs api-token rotate}), never logged ({@link #toString()}
 * masks it).
 */
public record IssuedToken(StoredToken stored, String token) {
  public IssuedToken {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(token, "token");
  }

  public String name() {
    return stored.name();
  }

  @Override
  public String toString() {
    return "IssuedToken[name=" + stored.name() + ", token=***]";
  }
}
