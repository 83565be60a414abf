package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Objects;

/** A run's id, {@code <jobId>#<runNo>} (e.g. {@code nightly-report#42}); run numbers start at 1. */
public record RunId(String jobId, long runNo) {
  public RunId {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isBlank() || jobId.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "a run's job id must be non-blank and without '#', got '" + jobId + "'");
    }
    if (runNo < 1) {
      throw new IllegalArgumentException("run numbers start at 1, got " + runNo);
    }
  }

  /**
   * Reads {@code <jobId>#<runNo>}.
   *
   * @throws CronstoneException {@code invalid_argument} when the text is not a run id
   */
  public static RunId parse(String text) {
    Objects.requireNonNull(text, "text");
    int hash = text.lastIndexOf('#');
    String number = hash < 0 ? "" : text.substring(hash + 1);
    if (hash <= 0
        || number.isEmpty()
        || number.length() > 18
        || !number.chars().allMatch(c -> c >= '0' && c <= '9')
        || Long.parseLong(number) < 1
        || text.substring(0, hash).isBlank()
        || text.indexOf('#') != hash) {
      throw new CronstoneException(
          ErrorCode.INVALID_ARGUMENT,
          "'" + text + "' is not a run id: expected <jobId>#<runNo>, e.g. nightly-report#42",
          null,
          List.of(new Problem("runId", "expected <jobId>#<runNo> with runNo 1 or more")));
    }
    return new RunId(text.substring(0, hash), Long.parseLong(number));
  }

  @Override
  public String toString() {
    return jobId + "#" + runNo;
  }
}
