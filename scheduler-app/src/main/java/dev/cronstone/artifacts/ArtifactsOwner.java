package dev.cronstone.artifacts;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store an artifacts folder belongs to. The folder's marker {@value #MARKER} names the store
 * that used it first; every write and delete of run folders checks it, and a store whose id differs
 * is refused with {@code policy_denied}, so runs of two stores (whose run numbers both start at 1)
 * never overwrite each other. A folder without a marker is claimed by the first store that writes
 * to it.
 *
 * @param storeId the store's id ({@code cs_store})
 * @param store the store as shown to people: its masked JDBC URL
 */
public record ArtifactsOwner(String storeId, String store) {
  /** The marker file in the artifacts folder. */
  public static final String MARKER = ".cronstone-store";

  static final String ID_KEY = "store-id=";
  static final String STORE_KEY = "store=";

  public ArtifactsOwner {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(store, "store");
    if (storeId.isBlank() || storeId.contains("\n")) {
      throw new IllegalArgumentException("store id must be one non-blank line");
    }
  }

  /**
   * Makes sure the folder belongs to this store: creates the folder and its marker when missing.
   *
   * @throws CronstoneException {@code policy_denied} when another store's marker is there
   */
  public void claim(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    Path marker = root.resolve(MARKER);
    Optional<Marker> found = read(marker);
    if (found.isEmpty()) {
      create(marker);
      found = read(marker);
    }
    Marker owner = found.orElseThrow(() -> new IOException("cannot read " + marker));
    if (!owner.storeId().equals(storeId)) {
      throw refused(root, owner);
    }
  }

  /** The same check for a folder that may not exist: claims it only when it does. */
  void claimExisting(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      claim(dir);
    }
  }

  private CronstoneException refused(Path root, Marker owner) {
    return new CronstoneException(
        ErrorCode.POLICY_DENIED,
        "the artifacts folder "
            + root
            + " belongs to another store ("
            + owner.store()
            + ", store id "
            + owner.storeId()
            + "); this store ("
            + store
            + ", store id "
            + storeId
            + ") would overwrite its runs. Point artifacts.dir at a folder of this store's own",
        null,
        List.of(
            new Problem(
                "artifacts.dir",
                root + " belongs to store " + owner.storeId() + " (" + owner.store() + ")")));
  }

  private void create(Path marker) throws IOException {
    String text =
        "# Cronstone: this artifacts folder holds the runs of one store (docs/runs.md)\n"
            + ID_KEY
            + storeId
            + "\n"
            + STORE_KEY
            + store.replace('\n', ' ')
            + "\n";
    Path temp = Files.createTempFile(marker.getParent(), MARKER + ".", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      // a link is created whole or not at all, and never replaces another store's marker
      Files.createLink(marker, temp);
    } catch (FileAlreadyExistsException raced) {
      // another process claimed it first: the caller reads whose it is
    } catch (UnsupportedOperationException | IOException noLinks) {
      if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.writeString(
              marker,
              text,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
          // claimed meanwhile
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Optional<Marker> read(Path marker) throws IOException {
    if (Files.isSymbolicLink(marker)) {
      throw new IOException(marker + " is a symbolic link; refusing to follow it");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String id = value(lines, ID_KEY).orElse("");
    if (id.isBlank()) {
      throw new IOException(
          marker + " names no store (no " + ID_KEY + " line); fix or remove it to go on");
    }
    return Optional.of(new Marker(id, value(lines, STORE_KEY).orElse("unknown store")));
  }

  private static Optional<String> value(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key))
        .map(l -> l.substring(key.length()).trim())
        .findFirst();
  }

  private record Marker(String storeId, String store) {}
}
