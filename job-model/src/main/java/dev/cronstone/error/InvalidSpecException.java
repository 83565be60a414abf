package dev.cronstone.error;

import java.util.List;

/** A job spec with one or more problems ({@code job_invalid_spec}). */
public final class InvalidSpecException extends CronstoneException {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String message, String jobId, List<Problem> problems) {
    super(ErrorCode.JOB_INVALID_SPEC, message, jobId, problems);
  }
}
