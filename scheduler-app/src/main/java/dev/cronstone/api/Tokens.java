package dev.cronstone.api;

import dev.cronstone.config.ApiConfig;
import dev.cronstone.config.ApiConfig.NamedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens a node accepts, each with its name. A presented token is compared with every
 * one in constant time ({@link MessageDigest#isEqual} over SHA-256 digests, so neither the content
 * nor the length of a token leaks through timing).
 */
final class Tokens {
  static final String BEARER = "Bearer ";

  private record Known(String name, byte[] digest) {}

  private final List<Known> known;

  private Tokens(List<NamedToken> tokens) {
    this.known = tokens.stream().map(t -> new Known(t.name(), digest(t.token()))).toList();
    if (known.isEmpty()) {
      throw new IllegalArgumentException("the API needs at least one token: it is never open");
    }
  }

  static Tokens of(List<NamedToken> tokens) {
    return new Tokens(tokens);
  }

  static Tokens single(String token) {
    return new Tokens(List.of(new NamedToken(ApiConfig.DEFAULT_TOKEN_NAME, token)));
  }

  /** The name of the token in an {@code Authorization} header value, if it is a known one. */
  Optional<String> authorize(String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    byte[] presented = digest(header.substring(BEARER.length()).trim());
    String name = null;
    for (Known k : known) {
      if (MessageDigest.isEqual(k.digest(), presented) && name == null) {
        name = k.name();
      }
    }
    return Optional.ofNullable(name);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
