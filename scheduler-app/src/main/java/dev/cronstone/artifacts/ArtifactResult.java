package dev.cronstone.artifacts;

import dev.cronstone.ledger.RunId;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What writing a run's artifacts did: the folder and the files written, or why it failed. A failure
 * is data, never an exception: the caller records it as a ledger event and the run goes on.
 *
 * @param folder the run's folder (absent when it could not even be resolved)
 * @param written the files written by this call, in writing order
 * @param failure one line for people, when something failed (the files before it were written)
 */
public record ArtifactResult(
    RunId run, Optional<Path> folder, List<String> written, Optional<String> failure) {
  public ArtifactResult {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(folder, "folder");
    written = List.copyOf(written);
    Objects.requireNonNull(failure, "failure");
  }

  public boolean ok() {
    return failure.isEmpty();
  }
}
