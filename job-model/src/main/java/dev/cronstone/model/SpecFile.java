package dev.cronstone.model;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of reading one spec file: the spec when it has no problem, else every problem.
 *
 * @param source where the spec came from (a path as given, or a name for an API request)
 * @param jobId the valid id the file declares, when it declares one, even if the file has problems
 * @param spec present exactly when {@code problems} is empty
 */
public record SpecFile(
    String source, Optional<String> jobId, Optional<JobSpec> spec, List<Problem> problems) {

  public SpecFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(spec, "spec");
    problems = List.copyOf(problems);
    if (spec.isPresent() == !problems.isEmpty()) {
      throw new IllegalArgumentException("a spec is present exactly when there is no problem");
    }
  }

  static SpecFile valid(String source, JobSpec spec) {
    return new SpecFile(source, Optional.of(spec.id()), Optional.of(spec), List.of());
  }

  static SpecFile invalid(String source, Optional<String> jobId, List<Problem> problems) {
    return new SpecFile(source, jobId, Optional.empty(), problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** This file with one more problem (and so without its spec). */
  SpecFile withProblem(Problem problem) {
    List<Problem> more = new ArrayList<>(problems);
    more.add(problem);
    return invalid(source, jobId, more);
  }

  /** "2 problems in nightly-report.yaml": the message of this file's error. */
  public String message() {
    return Texts.count(problems.size(), "problem") + " in " + fileName();
  }

  /** The {@code job_invalid_spec} envelope of an invalid file. */
  public ErrorEnvelope envelope() {
    requireInvalid();
    return ErrorEnvelope.of(ErrorCode.JOB_INVALID_SPEC, message(), jobId.orElse(null), problems);
  }

  /** The {@code job_invalid_spec} exception of an invalid file. */
  public InvalidSpecException exception() {
    requireInvalid();
    return new InvalidSpecException(message(), jobId.orElse(null), problems);
  }

  private void requireInvalid() {
    if (valid()) {
      throw new IllegalStateException(source + " is valid: it has no error");
    }
  }

  private String fileName() {
    int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return source.substring(slash + 1);
  }
}
