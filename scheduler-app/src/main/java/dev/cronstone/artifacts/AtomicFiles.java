package dev.cronstone.artifacts;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes that readers see all at once: a temporary file beside it, then a rename. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, content);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
