package dev.cronstone.artifacts;

import dev.cronstone.ledger.RunId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a run's artifacts live, {@code <dir>/<jobId>/<runNo, 6 digits>}, and the guard that keeps
 * every write and delete inside the artifacts folder: the job id must be a valid id, the folder
 * must resolve under the artifacts folder, and neither the job's nor the run's folder may be a
 * symbolic link (a link could lead anywhere). The artifacts folder itself may be a link an operator
 * made.
 */
final class ArtifactPaths {
  private static final Pattern JOB_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

  /** How long a check of the artifacts folder's owner holds for run folders created after it. */
  static final Duration RECHECK = Duration.ofSeconds(2);

  private final Path root;
  private final ArtifactsOwner owner;
  private volatile long checkedAt; // System.nanoTime() of the last check; 0: never

  ArtifactPaths(Path dir, ArtifactsOwner owner) {
    this.root = dir.toAbsolutePath().normalize();
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /**
   * Claims the artifacts folder for the store, or refuses it.
   *
   * @throws dev.cronstone.error.CronstoneException {@code policy_denied} when another store owns it
   */
  void claim() throws IOException {
    owner.claim(root);
  }

  /** {@link #claim()} when the artifacts folder exists; nothing when it does not. */
  void claimExisting() throws IOException {
    owner.claimExisting(root);
  }

  Path root() {
    return root;
  }

  /** The run number, zero-padded to six digits ({@code 000042}); longer numbers as they are. */
  static String folderName(long runNo) {
    String digits = Long.toString(runNo); // String.format cost a locale lookup per run (JFR)
    return digits.length() >= 6 || runNo < 0
        ? digits
        : "000000".substring(digits.length()) + digits;
  }

  /** The run's folder by name only, refusing ids and numbers that would lead outside. */
  Path runFolder(RunId id) {
    if (!JOB_ID.matcher(id.jobId()).matches()) {
      throw new Refused(
          "job id '" + id.jobId() + "' is not a valid id; refusing to use it as a folder name");
    }
    if (id.runNo() < 1) {
      throw new Refused("run number " + id.runNo() + " is not positive");
    }
    Path folder = root.resolve(id.jobId()).resolve(folderName(id.runNo())).normalize();
    if (!folder.startsWith(root) || !folder.getParent().getParent().equals(root)) {
      throw new Refused(folder + " is outside the artifacts folder " + root);
    }
    return folder;
  }

  /**
   * A run's folder, and whether this call created it: a folder just created holds no file yet,
   * which spares the writer looking for logs of earlier attempts.
   */
  record RunFolder(Path path, boolean created) {}

  /** Creates (or checks) the artifacts, job and run folders; returns the run's. */
  RunFolder createRunFolder(RunId id) throws IOException {
    Path folder = runFolder(id);
    boolean checkedNow = checkRoot(false);
    try {
      plainJobFolder(folder.getParent());
      return new RunFolder(folder, createPlain(folder));
    } catch (NoSuchFileException gone) {
      if (checkedNow) {
        throw gone;
      }
      checkRoot(true); // the artifacts folder was removed since it was last checked
      createPlain(folder.getParent());
      return new RunFolder(folder, createPlain(folder));
    }
  }

  /**
   * Creates the artifacts folder and checks its owner, at most once per {@link #RECHECK} (the check
   * reads the marker; a node writes several runs a millisecond). Returns whether it checked now.
   */
  private boolean checkRoot(boolean force) throws IOException {
    long now = System.nanoTime();
    if (!force && checkedAt != 0 && now - checkedAt < RECHECK.toNanos()) {
      return false;
    }
    Files.createDirectories(root);
    if (!Files.isDirectory(root)) {
      throw new IOException("the artifacts folder " + root + " is not a folder");
    }
    owner.claim(root);
    checkedAt = now == 0 ? 1 : now;
    return true;
  }

  /** The run's folder when it exists as a plain folder inside the artifacts folder. */
  Optional<Path> existingRunFolder(RunId id) throws IOException {
    Path folder = runFolder(id);
    owner.claimExisting(root);
    if (!Files.exists(folder.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    checkPlain(folder.getParent());
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    checkPlain(folder);
    return Optional.of(folder);
  }

  /** Creates a plain folder, or checks the one there; returns whether it created it. */
  private static boolean createPlain(Path folder) throws IOException {
    try {
      Files.createDirectory(folder);
      return true;
    } catch (FileAlreadyExistsException e) {
      checkPlain(folder);
      return false;
    }
  }

  /**
   * The job's folder, there for all but a job's first run: looked at first (creating it when it
   * exists failed with an exception whose stack trace cost more than writing a file).
   */
  private static void plainJobFolder(Path folder) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      createPlain(folder);
      return;
    }
    checkPlain(folder, attributes.isSymbolicLink(), attributes.isDirectory());
  }

  private static void checkPlain(Path folder) throws IOException {
    checkPlain(
        folder, Files.isSymbolicLink(folder), Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS));
  }

  private static void checkPlain(Path folder, boolean link, boolean directory) throws IOException {
    if (link) {
      throw new Refused(
          folder + " is a symbolic link; refusing to follow it out of the artifacts folder");
    }
    if (!directory) {
      throw new IOException(folder + " exists and is not a folder");
    }
  }

  /** A path that would leave the artifacts folder. */
  static final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }
}
