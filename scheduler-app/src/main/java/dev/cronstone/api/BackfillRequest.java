package dev.cronstone.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.service.BackfillService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code POST /jobs/{id}/backfill}: {@code {"from": "...", "to": "...", "max": 1000,
 * "dryRun": false}} (ISO-8601 instants; {@code to} exclusive; {@code max} and {@code dryRun}
 * optional). Strict: unknown fields are errors.
 */
record BackfillRequest(Instant from, Instant to, int max, boolean dryRun) {
  private static final Set<String> FIELDS = Set.of("from", "to", "max", "dryRun");

  static BackfillRequest parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    JsonNode tree;
    try {
      tree = text.isEmpty() ? null : ApiJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw CronstoneException.invalidArgument("$", "is not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw CronstoneException.invalidArgument("$", "must be a JSON object with from and to");
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw CronstoneException.invalidArgument(
            name, "is not a field; expected [from, to, max, dryRun]");
      }
    }
    JsonNode max = tree.get("max");
    if (max != null && !max.isNull() && !max.canConvertToInt()) {
      throw CronstoneException.invalidArgument("max", "must be an integer");
    }
    JsonNode dryRun = tree.get("dryRun");
    if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
      throw CronstoneException.invalidArgument("dryRun", "must be true or false");
    }
    return new BackfillRequest(
        instant(tree, "from"),
        instant(tree, "to"),
        max == null || max.isNull() ? BackfillService.DEFAULT_MAX : max.asInt(),
        dryRun != null && dryRun.asBoolean());
  }

  private static Instant instant(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    if (node == null || node.isNull()) {
      throw CronstoneException.invalidArgument(field, "is required");
    }
    if (node.isTextual()) {
      try {
        return Instant.parse(node.asText());
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw CronstoneException.invalidArgument(
        field, "must be an ISO-8601 instant such as 2026-03-29T00:00:00Z, got " + node);
  }
}
