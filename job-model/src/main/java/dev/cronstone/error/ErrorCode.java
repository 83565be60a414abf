package dev.cronstone.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stable error codes (docs/api.md, "Errors") and the one table that maps each to a CLI exit
 * code and an HTTP status. Nothing else in Cronstone decides an exit code or a status for an error.
 */
public enum ErrorCode {
  JOB_INVALID_SPEC("job_invalid_spec", 2, 422),
  JOB_NOT_FOUND("job_not_found", 3, 404),
  JOB_FAILED("job_failed", 1, 409),
  JOB_TIMEOUT("job_timeout", 1, 409),
  JOB_RETRY_EXHAUSTED("job_retry_exhausted", 1, 409),
  JOB_CANCELLED("job_cancelled", 1, 409),
  JOB_SKIPPED_OVERLAP("job_skipped_overlap", 1, 409),
  JOB_SKIPPED_MISFIRE("job_skipped_misfire", 1, 409),
  JOB_ABANDONED("job_abandoned", 1, 409),
  STORE_UNAVAILABLE("store_unavailable", 4, 503),
  CONFIG_INVALID("config_invalid", 2, 500),
  UNAUTHORIZED("unauthorized", 6, 401),
  POLICY_DENIED("policy_denied", 6, 403),
  /**
   * Too many failed authentications from one address: refused for a while (additional code; the
   * answer's Retry-After says how long).
   */
  RATE_LIMITED("rate_limited", 6, 429),
  /**
   * A bad command-line argument or API request that is not a spec or a config (additional code).
   */
  INVALID_ARGUMENT("invalid_argument", 2, 400),
  /**
   * A write (save, delete, enable, disable) to a job its spec file owns: edit the file instead
   * (additional code; docs/job-spec.md, "Who owns a job").
   */
  JOB_FILE_OWNED("job_file_owned", 6, 409),
  /**
   * A write made against a version of the job that is no longer its current one ({@code If-Match},
   * {@code --if-version}): read it again and retry (additional code).
   */
  VERSION_CONFLICT("version_conflict", 7, 412),
  /** A bug: something failed that has no better code (additional code). */
  INTERNAL_ERROR("internal_error", 70, 500);

  private final String code;
  private final int exitCode;
  private final int httpStatus;

  ErrorCode(String code, int exitCode, int httpStatus) {
    this.code = code;
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** The stable snake_case code, as it appears in every envelope. */
  public String code() {
    return code;
  }

  /** The exit code of the {@code jobs} command when it ends with this error. */
  public int exitCode() {
    return exitCode;
  }

  /** The HTTP status of an API answer carrying this error. */
  public int httpStatus() {
    return httpStatus;
  }

  public static Optional<ErrorCode> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }

  @Override
  public String toString() {
    return code;
  }
}
