package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import java.util.List;

/** Error answers: every one is the error envelope (docs/api.md) with its status from the table. */
final class Errors {
  private Errors() {}

  static int status(CronstoneException e) {
    return e instanceof Call.TooLarge ? 413 : e.code().httpStatus();
  }

  static ErrorEnvelope notFound(String path) {
    return ErrorEnvelope.of(
        ErrorCode.JOB_NOT_FOUND,
        "no such endpoint: " + path,
        null,
        List.of(new Problem(Problem.ROOT, "no route for this path")));
  }

  static ErrorEnvelope methodNotAllowed(String method, String path, Iterable<String> allowed) {
    return ErrorEnvelope.of(
        ErrorCode.INVALID_ARGUMENT,
        method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed),
        null,
        List.of(new Problem(Problem.ROOT, "method " + method + " not allowed")));
  }

  static ErrorEnvelope unauthorized(String why) {
    return ErrorEnvelope.of(
        ErrorCode.UNAUTHORIZED,
        why + "; send Authorization: Bearer <token> (docs/api.md says where the token is)",
        null,
        List.of());
  }

  static ErrorEnvelope rateLimited(long retryAfterSeconds) {
    return ErrorEnvelope.of(
        ErrorCode.RATE_LIMITED,
        "too many failed authentications from this address; try again in "
            + retryAfterSeconds
            + " s (Retry-After)",
        null,
        List.of());
  }

  static ErrorEnvelope internal() {
    return ErrorEnvelope.of(
        ErrorCode.INTERNAL_ERROR,
        "the node failed to answer this request; its log has the details",
        null,
        List.of());
  }

  /** An error Jetty itself answers (a malformed request, a header too large). */
  static ErrorEnvelope protocol(int status, String message) {
    ErrorCode code = status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_ARGUMENT;
    return ErrorEnvelope.of(
        code,
        "bad request (" + status + ")" + (message == null ? "" : ": " + message),
        null,
        List.of());
  }
}
