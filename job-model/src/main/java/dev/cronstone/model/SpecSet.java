package dev.cronstone.model;

import dev.cronstone.error.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * This set with the {@code after} lists of its valid specs checked against each other ({@link
   * AfterGraph}, as sync checks them against the store): a file whose {@code after} closes a cycle,
   * or names a job that is not among the set's valid specs, becomes invalid with those problems
   * ({@code after[i].job}), and a file naming a job refused so is refused in turn.
   *
   * @param unknownJobs whether an upstream job missing from the set is a problem: true when the set
   *     is a whole jobs folder; false for files picked one by one, whose upstream jobs may be
   *     elsewhere (then only cycles are checked)
   */
  public SpecSet withAfterChecked(boolean unknownJobs) {
    Map<String, List<AfterSpec>> candidates = new LinkedHashMap<>();
    validSpecs().forEach(s -> candidates.put(s.id(), s.after()));
    Map<String, List<AfterSpec>> elsewhere = new LinkedHashMap<>();
    if (!unknownJobs) {
      candidates.values().stream()
          .flatMap(List::stream)
          .map(AfterSpec::job)
          .filter(job -> !candidates.containsKey(job))
          .forEach(job -> elsewhere.put(job, List.of()));
    }
    Map<String, List<Problem>> refused = AfterGraph.refused(elsewhere, candidates);
    if (refused.isEmpty()) {
      return this;
    }
    List<SpecFile> checked = new ArrayList<>();
    for (SpecFile file : files) {
      List<Problem> problems = file.spec().map(s -> refused.get(s.id())).orElse(null);
      checked.add(
          problems == null ? file : SpecFile.invalid(file.source(), file.jobId(), problems));
    }
    return new SpecSet(checked);
  }

  /** The valid spec with this id. */
  public Optional<JobSpec> spec(String id) {
    return validSpecs().stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
