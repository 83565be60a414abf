package dev.cronstone.artifacts;

import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prunes one job: ledger rows first (the ledger deletes them in one transaction and never touches a
 * queued or running run), then the artifact folders of exactly the runs it deleted, each only once
 * the ledger no longer has the run. A missing folder is fine; a folder that cannot be deleted is
 * reported, not thrown. Safe to run on several nodes at once.
 */
public final class RunPruner {
  private final RunLedger ledger;
  private final ArtifactPaths paths;

  /**
   * @param owner the store whose runs are pruned: a folder of another store is never touched
   */
  public RunPruner(RunLedger ledger, Path artifactsDir, ArtifactsOwner owner) {
    this.ledger = ledger;
    this.paths = new ArtifactPaths(artifactsDir, owner);
  }

  /**
   * @throws dev.cronstone.error.CronstoneException {@code policy_denied}, before anything is
   *     deleted, when the artifacts folder belongs to another store
   */
  public JobPrune prune(String jobId, RetentionRule rule, boolean dryRun) {
    if (!dryRun) {
      try {
        paths.claimExisting();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    // The ledger prunes a run when EITHER rule says so, never a queued or running one.
    List<RunId> pruned = ledger.prune(jobId, rule.keepLast(), rule.olderThan(), dryRun).pruned();
    if (dryRun) {
      return new JobPrune(jobId, rule, true, pruned, 0, List.of());
    }
    int deleted = 0;
    List<String> failures = new ArrayList<>();
    for (RunId id : pruned) {
      try {
        if (deleteFolder(id)) {
          deleted++;
        }
      } catch (IOException | RuntimeException e) {
        failures.add(id + ": " + e.getMessage());
      }
    }
    return new JobPrune(jobId, rule, false, pruned, deleted, failures);
  }

  /** Deletes the folder of a run the ledger no longer has; false when there was none to delete. */
  boolean deleteFolder(RunId id) throws IOException {
    if (ledger.run(id).isPresent()) {
      return false; // never the folder of a run that still exists
    }
    Optional<Path> folder = paths.existingRunFolder(id);
    if (folder.isEmpty()) {
      return false;
    }
    deleteTree(folder.get());
    return true;
  }

  /** Deletes a folder and what it holds; links are deleted, never followed. */
  static void deleteTree(Path folder) throws IOException {
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
              }
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException gone) {
      // deleted meanwhile (another node pruning the same run): fine
    }
  }
}
