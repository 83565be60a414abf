package dev.cronstone.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;

/**
 * The optional body of {@code POST /jobs/{id}/run}: nothing (run now), or {@code {"fireTime":
 * "2026-03-29T01:30:00Z"}} to replay a past fire time. Strict: unknown fields are errors.
 */
record RunRequest(Optional<Instant> fireTime) {
  /**
   * The service names the CLI's option ({@code --fire-time}); the API's field is {@code fireTime}.
   */
  static CronstoneException inApiTerms(CronstoneException e) {
    if (e.details().stream().noneMatch(p -> p.path().equals("--fire-time"))) {
      return e;
    }
    return new CronstoneException(
        e.code(),
        e.getMessage().replace("--fire-time", "fireTime"),
        e.jobId().orElse(null),
        e.details().stream()
            .map(p -> p.path().equals("--fire-time") ? new Problem("fireTime", p.problem()) : p)
            .toList());
  }

  static RunRequest parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return new RunRequest(Optional.empty());
    }
    JsonNode tree;
    try {
      tree = ApiJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw CronstoneException.invalidArgument("$", "is not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw CronstoneException.invalidArgument("$", "must be a JSON object");
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("fireTime")) {
        throw CronstoneException.invalidArgument(name, "is not a field; expected [fireTime]");
      }
    }
    JsonNode fire = tree.get("fireTime");
    if (fire == null || fire.isNull()) {
      return new RunRequest(Optional.empty());
    }
    if (!fire.isTextual()) {
      throw CronstoneException.invalidArgument(
          "fireTime", "must be an ISO-8601 instant string such as 2026-03-29T01:30:00Z");
    }
    try {
      return new RunRequest(Optional.of(Instant.parse(fire.asText())));
    } catch (DateTimeParseException e) {
      throw CronstoneException.invalidArgument(
          "fireTime",
          "must be an ISO-8601 instant such as 2026-03-29T01:30:00Z, got '" + fire.asText() + "'");
    }
  }
}
