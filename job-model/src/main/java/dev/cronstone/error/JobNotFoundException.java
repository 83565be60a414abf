package dev.cronstone.error;

import java.util.List;

/** No job with this id ({@code job_not_found}). */
public final class JobNotFoundException extends CronstoneException {
  private static final long serialVersionUID = 1L;

  public JobNotFoundException(String jobId) {
    super(ErrorCode.JOB_NOT_FOUND, "no job '" + jobId + "'", jobId, List.of());
  }
}
