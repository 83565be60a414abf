package dev.cronstone.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * New tokens and their digests: a token is 32 random bytes ({@link SecureRandom}, base64url); its
 * digest is the SHA-256 of its UTF-8 text. Digests are compared in constant time.
 */
public final class TokenDigest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private TokenDigest() {}

  /** A new token: 32 random bytes, base64url without padding (43 characters). */
  public static String newToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The SHA-256 digest of {@code token}. */
  public static byte[] of(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The digest of {@code token} as the store keeps it: lowercase hex. */
  static String hex(String token) {
    return HEX.formatHex(of(token));
  }

  static byte[] fromHex(String hex) {
    return HEX.parseHex(hex);
  }

  /** True when both digests are equal, in time that does not depend on where they differ. */
  public static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
