package dev.cronstone.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The one error envelope (docs/api.md, "Errors"), used by CLI JSON output, the API and receipts:
 * {@code {"error": {"code", "message", "jobId", "details": [{"path", "problem"}]}}}.
 */
public record ErrorEnvelope(@JsonProperty("error") Body error) {
  public ErrorEnvelope {
    Objects.requireNonNull(error, "error");
  }

  public static ErrorEnvelope of(
      ErrorCode code, String message, String jobId, List<Problem> details) {
    return new ErrorEnvelope(new Body(code.code(), message, jobId, List.copyOf(details)));
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Body(String code, String message, String jobId, List<Problem> details) {
    public Body {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
      details = details == null ? List.of() : List.copyOf(details);
    }
  }
}
