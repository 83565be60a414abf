package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Test fixture for the schema tests: one valid spec per section of a spec that sets every field the
 * validator allows there, the schema objects that describe each section, and small helpers to ask
 * the loader and the schema about a spec.
 */
final class SchemaProbes {
  private SchemaProbes() {}

  /** One mapping of a spec: where it is, a valid spec that sets every field it allows. */
  record Section(String label, ObjectNode base, List<String> path, List<String> fields) {
    @Override
    public String toString() {
      return label;
    }

    String fieldPath(String field) {
      List<String> parts = new ArrayList<>(path);
      parts.add(field);
      return String.join(".", parts);
    }
  }

  static final String COMMAND_SPEC =
      """
      id: probe
      description: every field set
      enabled: true
      recover: true
      schedule:
        cron: "30 2 * * *"
        timezone: Europe/Berlin
        misfire: catch_up
        catchUpWindow: PT6H
        maxCatchUp: 10
      task:
        type: command
        command: [/bin/echo, "${fireDate}"]
        workdir: /tmp
        env: {A: b}
      retry: {maxAttempts: 3, backoff: fixed, initialDelay: PT1S, maxDelay: PT5M, retryOn: [failed]}
      limits: {timeout: PT1M, maxConcurrent: 2, overlap: queue, batchSize: 100}
      parameters: {a: 1}
      retention: {keepLast: 5, olderThan: P30D}
      policy: {pauseAfterFailures: 3}
      after: [{job: upstream, on: failure}]
      """;

  static ObjectNode withTask(String task) {
    return (ObjectNode) SchemaCheck.tree("probe.yaml", bytes("id: probe\ntask: " + task + "\n"));
  }

  static ObjectNode taskSpec(TaskType type) {
    return switch (type) {
      case COMMAND -> SchemaCheck.tree("probe.yaml", bytes(COMMAND_SPEC));
      case HTTP ->
          withTask(
              "{type: http, url: \"https://example.org/x\", method: POST,"
                  + " headers: {Accept: text/plain}, body: \"{}\", expectStatus: [200, \"2xx\"]}");
      case BUILTIN -> builtinSpec(BuiltinTask.Name.FAIL);
    };
  }

  static ObjectNode builtinSpec(BuiltinTask.Name name) {
    String args =
        switch (name) {
          case NOOP -> "{}";
          case SLEEP -> "{duration: PT1S}";
          case FAIL -> "{message: boom}";
          case ECHO -> "{message: hello}";
        };
    return withTask("{type: builtin, name: " + name.specName() + ", args: " + args + "}");
  }

  static List<Section> sections() {
    ObjectNode full = taskSpec(TaskType.COMMAND);
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("top level", full, List.of(), SpecValidator.FIELDS));
    sections.add(new Section("schedule", full, List.of("schedule"), ScheduleValidator.FIELDS));
    sections.add(new Section("retry", full, List.of("retry"), PolicyValidator.RETRY_FIELDS));
    sections.add(new Section("limits", full, List.of("limits"), PolicyValidator.LIMITS_FIELDS));
    sections.add(
        new Section("retention", full, List.of("retention"), PolicyValidator.RETENTION_FIELDS));
    sections.add(new Section("policy", full, List.of("policy"), PolicyValidator.POLICY_FIELDS));
    for (TaskType type : TaskType.values()) {
      sections.add(
          new Section(
              type + " task", taskSpec(type), List.of("task"), TaskValidator.FIELDS.get(type)));
    }
    for (BuiltinTask.Name name : BuiltinTask.Name.values()) {
      sections.add(
          new Section(
              "args of builtin " + name,
              builtinSpec(name),
              List.of("task", "args"),
              BuiltinTaskValidator.ARGS.get(name)));
    }
    return sections;
  }

  /** The schema objects that describe a section: the last one is the closed one. */
  static List<JsonNode> schemaOf(Section section, ObjectNode spec) {
    JsonNode s = SchemaCheck.SCHEMA;
    JsonNode defs = s.path("$defs");
    List<String> path = section.path();
    if (path.isEmpty()) {
      return List.of(s);
    }
    if (!path.get(0).equals("task")) {
      return List.of(s.path("properties").path(path.get(0)));
    }
    String type = spec.path("task").path("type").asText();
    JsonNode task = s.path("properties").path("task");
    JsonNode variant = defs.path(type + "Task");
    if (path.size() == 1) {
      return List.of(task, variant);
    }
    String name = spec.path("task").path("name").asText();
    for (JsonNode branch : variant.path("allOf")) {
      if (branch.path("if").path("properties").path("name").path("const").asText().equals(name)) {
        return List.of(variant.path("properties").path("args"), branch.at("/then/properties/args"));
      }
    }
    throw new AssertionError("no branch of builtinTask for name " + name);
  }

  static JsonNode closed(Section section) {
    List<JsonNode> schemas = schemaOf(section, section.base());
    return schemas.get(schemas.size() - 1);
  }

  static JobSpec spec(String yaml) {
    return Specs.yaml(yaml).spec().orElseThrow();
  }

  static List<Problem> loaderProblems(ObjectNode spec) {
    try {
      return Specs.parse("probe.json", SchemaCheck.JSON.writeValueAsBytes(spec)).problems();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode mapping(ObjectNode spec, List<String> path) {
    JsonNode node = spec;
    for (String part : path) {
      node = node.path(part);
    }
    return (ObjectNode) node;
  }

  static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** The enum values a property schema allows, following $ref, anyOf, allOf and items. */
  static void enums(JsonNode schema, Set<String> into) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("enum")) {
      schema.get("enum").forEach(v -> into.add(v.asText()));
    }
    if (schema.has("$ref")) {
      enums(SchemaCheck.SCHEMA.at(schema.get("$ref").asText().substring(1)), into);
    }
    schema.path("anyOf").forEach(s -> enums(s, into));
    schema.path("allOf").forEach(s -> enums(s, into));
    enums(schema.path("items"), into);
  }

  static List<String> schemaEnum(String def) {
    return names(SchemaCheck.SCHEMA.at("/$defs/" + def + "/enum"));
  }

  static <E extends Enum<E> & SpecName> List<String> enumValues(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(SpecName::specName).toList();
  }

  static JsonSchema subSchema(JsonNode node) {
    assertThat(node.isObject()).as("schema node").isTrue();
    ObjectNode schema = node.deepCopy();
    schema.set("$defs", SchemaCheck.SCHEMA.get("$defs"));
    return SchemaCheck.FACTORY.getSchema(schema);
  }

  static JsonNode text(String text) {
    return SchemaCheck.JSON.getNodeFactory().textNode(text);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
