package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@code docs/openapi.yaml} as a checker of real answers: the schema of the answer an operation
 * declares for a status, validated with a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect),
 * and a record of which operations were seen with which statuses.
 */
final class OpenApiContract {
  static final Path FILE = Path.of("../docs/openapi.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode document;
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();

  OpenApiContract() {
    try {
      document = YAML.readTree(FILE.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + FILE, e);
    }
  }

  /** Checks one answer: the operation declares the status, and the body fits its schema. */
  void check(String method, String template, int status, String contentType, String body) {
    JsonNode operation = document.path("paths").path(template).path(method.toLowerCase());
    assertThat(operation.isMissingNode())
        .as("docs/openapi.yaml has no operation %s %s", method, template)
        .isFalse();
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    assertThat(response.isMissingNode())
        .as(
            "docs/openapi.yaml declares no %d answer for %s %s; body: %s",
            status, method, template, body)
        .isFalse();
    response = resolve(response);
    seen.computeIfAbsent(method + " " + template, k -> new TreeSet<>()).add(status);
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode media = response.path("content").path(mediaType);
    assertThat(media.isMissingNode())
        .as(
            "%s %s %d declares no %s content (declares %s)",
            method, template, status, mediaType, fieldNames(response.path("content")))
        .isFalse();
    if (!mediaType.equals("application/json")) {
      return;
    }
    ObjectNode schemaNode = media.path("schema").deepCopy();
    schemaNode.set("components", document.path("components"));
    JsonSchema schema = factory.getSchema(schemaNode);
    JsonNode value;
    try {
      value = JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(method + " " + template + " answered invalid JSON: " + body, e);
    }
    Set<ValidationMessage> problems = schema.validate(value);
    assertThat(problems)
        .as("%s %s %d does not fit docs/openapi.yaml: %s", method, template, status, body)
        .isEmpty();
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = document;
    for (String part : ref.asText().substring(2).split("/")) {
      target = target.path(part);
    }
    return target;
  }

  /** Operations not yet seen with a success, or with an error when they declare one. */
  List<String> uncovered() {
    return uncovered(operation -> true);
  }

  /** {@link #uncovered()} of the operations tagged {@code tag}. */
  List<String> uncoveredTagged(String tag) {
    return uncovered(operation -> tagged(operation, tag));
  }

  /** {@link #uncovered()} of the operations not tagged {@code tag}. */
  List<String> uncoveredOutside(String tag) {
    return uncovered(operation -> !tagged(operation, tag));
  }

  private static boolean tagged(JsonNode operation, String tag) {
    for (JsonNode t : operation.path("tags")) {
      if (t.asText().equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private List<String> uncovered(Predicate<JsonNode> which) {
    List<String> missing = new ArrayList<>();
    Map<String, JsonNode> operations = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : List.of("get", "post", "put", "delete")) {
        if (path.getValue().has(method) && which.test(path.getValue().get(method))) {
          operations.put(method.toUpperCase() + " " + path.getKey(), path.getValue().get(method));
        }
      }
    }
    operations.forEach(
        (key, operation) -> {
          Set<Integer> statuses = seen.getOrDefault(key, Set.of());
          if (statuses.stream().noneMatch(s -> s < 300)) {
            missing.add(key + " (no success checked)");
          }
          boolean declaresError =
              fieldNames(operation.path("responses")).stream()
                  .anyMatch(s -> s.compareTo("400") >= 0);
          if (declaresError && statuses.stream().noneMatch(s -> s >= 400)) {
            missing.add(key + " (no error checked)");
          }
        });
    return missing;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
