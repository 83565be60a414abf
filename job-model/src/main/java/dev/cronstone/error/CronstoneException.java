package dev.cronstone.error;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception type of Cronstone: an {@link ErrorCode}, a one-line message, the job it is
 * about (if any) and the problems behind it. Subclasses only add convenience constructors.
 */
public class CronstoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String jobId;
  private final List<Problem> details;

  public CronstoneException(ErrorCode code, String message) {
    this(code, message, null, List.of(), null);
  }

  public CronstoneException(ErrorCode code, String message, String jobId, List<Problem> details) {
    this(code, message, jobId, details, null);
  }

  public CronstoneException(
      ErrorCode code, String message, String jobId, List<Problem> details, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.jobId = jobId;
    this.details = List.copyOf(details);
  }

  /**
   * A bad argument or request field ({@code invalid_argument}): the message is {@code "<field>
   * <problem>"} and the one detail is at {@code field}.
   */
  public static CronstoneException invalidArgument(String field, String problem) {
    return new CronstoneException(
        ErrorCode.INVALID_ARGUMENT,
        field + " " + problem,
        null,
        List.of(new Problem(field, problem)));
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<String> jobId() {
    return Optional.ofNullable(jobId);
  }

  public List<Problem> details() {
    return details;
  }

  public ErrorEnvelope envelope() {
    return ErrorEnvelope.of(code, getMessage(), jobId, details);
  }
}
