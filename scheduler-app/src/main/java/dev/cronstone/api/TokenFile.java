package dev.cronstone.api;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Where a node that generated the cluster's token writes it, once, for the operator to read: a file
 * of its data folder with permissions 0600. The store keeps only the token's digest. A token file
 * from before tokens were kept in the store is read at start, so its token is the one the store
 * takes (docs/api.md, "Tokens").
 */
final class TokenFile {
  static final String NAME = "api-token";

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

  /** The token in {@code file}, if the file exists. */
  static Optional<String> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw failure(file, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code token} to {@code file} with permissions 0600, replacing what was there: written
   * aside (created 0600, never readable by others, not even for a moment), then moved into place.
   */
  static void write(Path file, String token) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
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
          Files.move(
              aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(aside);
      }
    } catch (IOException e) {
      throw failure(file, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
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
