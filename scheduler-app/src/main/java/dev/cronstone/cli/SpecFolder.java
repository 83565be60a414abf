package dev.cronstone.cli;

import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.model.SpecSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The jobs folder as the CLI reads it until the store holds the jobs. */
final class SpecFolder {
  private final SpecSet specs;

  private SpecFolder(SpecSet specs) {
    this.specs = specs;
  }

  static SpecFolder read(Path dir, Clock clock) {
    return new SpecFolder(new SpecLoader(clock).loadAll(List.of(dir)));
  }

  SpecSet specs() {
    return specs;
  }

  /**
   * The job with this id; its file's problems if it is invalid; job_not_found if no file has it.
   */
  JobSpec job(String id) {
    for (SpecFile file : specs.files()) {
      if (file.jobId().filter(id::equals).isPresent()) {
        return file.spec().orElseThrow(file::exception);
      }
    }
    throw new JobNotFoundException(id);
  }
}
