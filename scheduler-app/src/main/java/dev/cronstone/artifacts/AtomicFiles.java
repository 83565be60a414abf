package dev.cronstone.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Whole-file writes that readers see all at once: a temporary file beside it, then a rename. */
final class AtomicFiles {
  private static final long PID = ProcessHandle.current().pid();

  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws IOException {
    write(target, content, content.length);
  }

  /** Writes the first {@code length} bytes of {@code content}: a buffer is written uncopied. */
  static void write(Path target, byte[] content, int length) throws IOException {
    // A name no other writer uses at the same time (process, thread, instant), created exclusively;
    // unlike Files.createTempFile it needs no secure random name per write.
    Path temp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + "."
                + PID
                + "-"
                + Thread.currentThread().getId()
                + "-"
                + System.nanoTime()
                + ".tmp");
    boolean moved = false;
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(content, 0, length);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) { // a write or a move that failed leaves no temporary file behind
        Files.deleteIfExists(temp);
      }
    }
  }
}
