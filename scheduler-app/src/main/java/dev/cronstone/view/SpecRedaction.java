package dev.cronstone.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A stored spec as the API and the CLI show it. Specs reference secrets ({@code ${env:NAME}})
 * rather than hold them, and references are shown as written; on top of that every text is passed
 * through the job's {@link Redactor} (the values its references resolve to on this node, URL
 * passwords, secret-looking query parameters), and a literal value of an {@code env} or {@code
 * headers} entry whose name looks secret ({@code Authorization}, {@code *TOKEN*}, {@code
 * *PASSWORD*} ...) is masked: a secret written into a spec by mistake does not leave the node.
 */
public final class SpecRedaction {
  public static final String MASK = "***";
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(authorization|cookie|token|secret|password|passwd|pwd|api[_-]?key|access[_-]?key"
              + "|credential|private[_-]?key|signature).*");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SpecRedaction() {}

  /**
   * A stored spec (canonical JSON) as the API and the CLI show it: masked with the {@link Redactor}
   * of the spec it parses to on this node ({@code env} resolves its references).
   */
  public static JsonNode stored(
      String jobId, String specJson, Function<String, Optional<String>> env, Clock clock) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(specJson);
    } catch (JsonProcessingException e) {
      tree = MAPPER.createObjectNode();
    }
    SpecFile parsed =
        new SpecLoader(clock).parse(jobId + ".json", specJson.getBytes(StandardCharsets.UTF_8));
    Redactor redactor = parsed.spec().map(s -> Redactor.forSpec(s, env)).orElse(Redactor.none());
    return redact(tree, redactor);
  }

  public static JsonNode redact(JsonNode spec, Redactor redactor) {
    JsonNode copy = spec.deepCopy();
    JsonNode task = copy.path("task");
    if (task instanceof ObjectNode taskObject) {
      maskSecretNames(taskObject.get("env"));
      maskSecretNames(taskObject.get("headers"));
    }
    return walk(copy, redactor);
  }

  private static void maskSecretNames(JsonNode map) {
    if (!(map instanceof ObjectNode object)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String value = entry.getValue().asText("");
      boolean reference = value.contains("${env:");
      if (SECRET_NAME.matcher(entry.getKey().toLowerCase(Locale.ROOT)).matches() && !reference) {
        entry.setValue(TextNode.valueOf(MASK));
      }
    }
  }

  private static JsonNode walk(JsonNode node, Redactor redactor) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        entry.setValue(walk(entry.getValue(), redactor));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i), redactor));
      }
      return array;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(redactor.redact(node.asText()));
    }
    return node;
  }
}
