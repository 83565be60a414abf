package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Checks of what callers hand the ledger; a bad value fails before any SQL runs. */
final class Inputs {
  /** The longest job id a spec allows (and {@code cs_run.job_id} holds). */
  static final int MAX_JOB_ID = 63;

  static final int MAX_EVENT_TYPE = 64;
  private static final String TRUNCATED = " … (truncated)";

  private Inputs() {}

  static void requireJobId(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isBlank() || jobId.length() > MAX_JOB_ID || jobId.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "a job id has 1 to " + MAX_JOB_ID + " characters and no '#': '" + jobId + "'");
    }
  }

  static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static void requireReason(RunStatus status, Optional<String> reason) {
    if (status == RunStatus.CANCELLED
        && (reason.isEmpty() || !RunLedger.CANCEL_REASONS.contains(reason.get()))) {
      throw new IllegalArgumentException(
          "a cancelled run carries its reason, one of "
              + RunLedger.CANCEL_REASONS
              + ", got "
              + reason);
    }
    if (status != RunStatus.CANCELLED && reason.isPresent()) {
      throw new IllegalArgumentException(
          "only a cancelled run carries a reason, not a " + status + " one");
    }
  }

  static void requireLimit(int limit) {
    if (limit < 1 || limit > RunLedger.MAX_PAGE) {
      String range = "must be between 1 and " + RunLedger.MAX_PAGE;
      throw new CronstoneException(
          ErrorCode.INVALID_ARGUMENT,
          "limit " + range + ", got " + limit,
          null,
          List.of(new Problem("limit", range)));
    }
  }

  static String cap(String text) {
    int max = RunLedger.MAX_TEXT;
    return text.length() <= max ? text : text.substring(0, max - TRUNCATED.length()) + TRUNCATED;
  }

  static void requireEventType(String type) {
    requireText(type, "type");
    if (type.length() > MAX_EVENT_TYPE) {
      throw new IllegalArgumentException(
          "an event type has at most " + MAX_EVENT_TYPE + " characters: " + type);
    }
  }
}
