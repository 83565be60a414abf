package dev.cronstone.model;

import java.util.List;
import java.util.Optional;

/** The outcome of reading a set of spec files, one {@link SpecFile} per file, in order read. */
public record SpecSet(List<SpecFile> files) {
  public SpecSet {
    files = List.copyOf(files);
  }

  /** The specs of the valid files. */
  public List<JobSpec> validSpecs() {
    return files.stream().flatMap(f -> f.spec().stream()).toList();
  }

  /** The files with problems. */
  public List<SpecFile> invalid() {
    return files.stream().filter(f -> !f.valid()).toList();
  }

  public boolean allValid() {
    return files.stream().allMatch(SpecFile::valid);
  }

  /** The valid spec with this id. */
  public Optional<JobSpec> spec(String id) {
    return validSpecs().stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
