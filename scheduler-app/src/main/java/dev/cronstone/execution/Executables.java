package dev.cronstone.execution;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says why a program cannot be started, before it is, as {@code execvp} would find it: a name with
 * a {@code /} is a path (relative ones from the task's workdir), any other name is looked up in the
 * task's {@code PATH}. Tasks started through the process-group helpers need this, since there the
 * helper's exec fails, not the JVM's, and a failed start must still read {@code cannot start ...}.
 */
final class Executables {
  private static final String DEFAULT_PATH = "/bin:/usr/bin";
  private static final String NOT_FOUND = "error=2, No such file or directory";
  private static final String DENIED = "error=13, Permission denied";

  private Executables() {}

  static Optional<String> problem(String program, Path workdir, String path) {
    if (program.contains("/")) {
      return check(workdir.resolve(program));
    }
    String dirs = path == null ? DEFAULT_PATH : path;
    boolean denied = false;
    for (String dir : dirs.split(":", -1)) {
      Optional<String> problem = check(workdir.resolve(dir.isEmpty() ? "." : dir).resolve(program));
      if (problem.isEmpty()) {
        return problem;
      }
      denied |= problem.get().equals(DENIED);
    }
    return Optional.of(denied ? DENIED : NOT_FOUND);
  }

  private static Optional<String> check(Path file) {
    if (!Files.exists(file)) {
      return Optional.of(NOT_FOUND);
    }
    return Files.isRegularFile(file) && Files.isExecutable(file)
        ? Optional.empty()
        : Optional.of(DENIED);
  }

  /** The directory a task starts in: its workdir, else the node's. */
  static Path workdir(File directory) {
    return Optional.ofNullable(directory).map(File::toPath).orElse(Path.of("")).toAbsolutePath();
  }
}
