package dev.cronstone.tokens;

import java.util.Objects;

/** A token the API accepts now: its name (recorded as who did what) and its SHA-256 digest. */
public record LiveToken(String name, byte[] digest) {
  public LiveToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    digest = digest.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  /** True when {@code presented} is the digest of this token (constant time). */
  public boolean matches(byte[] presented) {
    return TokenDigest.same(digest, presented);
  }

  @Override
  public String toString() {
    return "LiveToken[name=" + name + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LiveToken t && t.name.equals(name) && TokenDigest.same(t.digest, digest);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
