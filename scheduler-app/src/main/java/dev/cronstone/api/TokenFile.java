package dev.cronstone.api;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The generated token of a node that has none configured: 32 random bytes (base64url), created once
 * in the data folder with permissions 0600 and read back on every later start. Creation is atomic
 * (written aside, then hard-linked into place, which fails if the name exists), so nodes started
 * together in one folder agree on one token.
 */
final class TokenFile {
  static final String NAME = "api-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenFile() {}

  /** {@code api.tokenFile}, else next to the H2 database file, else {@code ./data/api-token}. */
  static Path location(NodeConfig config) {
    if (config.api().tokenFile().isPresent()) {
      return config.api().tokenFile().get();
    }
    String url = config.store().url();
    String prefix = "jdbc:h2:file:";
    if (url.startsWith(prefix)) {
      String file = url.substring(prefix.length()).split(";", 2)[0];
      Path parent = Path.of(file).getParent();
      if (parent != null) {
        return parent.resolve(NAME);
      }
    }
    return Path.of("data", NAME);
  }

  /** The token in {@code file}, created first when the file does not exist. */
  static String readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw failure(file, "it is empty; delete it and the node makes a new one", null);
      }
      return token;
    } catch (IOException e) {
      throw failure(file, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path aside;
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      aside =
          Files.createTempFile(
              dir,
              NAME,
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      aside = Files.createTempFile(dir, NAME, ".tmp");
    }
    try {
      Files.writeString(aside, token + "\n", StandardCharsets.UTF_8);
      try {
        // link(2) fails atomically when the name exists; Files.move without REPLACE_EXISTING checks
        // first and then renames, so two nodes starting together could both "win".
        Files.createLink(file, aside);
      } catch (UnsupportedOperationException e) {
        Files.move(aside, file);
      }
    } catch (FileAlreadyExistsException e) {
      // another node of this folder made it first: use theirs
    } finally {
      Files.deleteIfExists(aside);
    }
  }

  private static CronstoneException failure(Path file, String why, Throwable cause) {
    return new CronstoneException(
        ErrorCode.CONFIG_INVALID,
        "cannot use the API token file " + file.toAbsolutePath().normalize() + ": " + why,
        null,
        List.of(),
        cause);
  }
}
