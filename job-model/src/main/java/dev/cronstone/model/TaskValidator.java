package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates {@code task}: its type, then the fields of that type; fields of another type are
 * errors.
 */
final class TaskValidator {
  static final Map<TaskType, List<String>> FIELDS =
      Map.of(
          TaskType.COMMAND, List.of("type", "command", "workdir", "env"),
          TaskType.HTTP, List.of("type", "url", "method", "headers", "body", "expectStatus"),
          TaskType.BUILTIN, List.of("type", "name", "args"));

  private TaskValidator() {}

  static Optional<TaskSpec> validate(JsonNode node, FieldPath path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "expected a mapping, got " + Texts.describe(node));
      return Optional.empty();
    }
    Optional<TaskType> type = type(node, path, problems);
    if (type.isEmpty()) {
      rejectUnknownToAll(node, path, problems);
      return Optional.empty();
    }
    Fields f = Fields.of(node, path, problems, FIELDS.get(type.get())).orElseThrow();
    Optional<TaskSpec> task =
        switch (type.get()) {
          case COMMAND -> CommandTaskValidator.validate(f);
          case HTTP -> HttpTaskValidator.validate(f);
          case BUILTIN -> BuiltinTaskValidator.validate(f);
        };
    f.rejectUnknown(name -> notOf(name, type.get(), f.allowed()));
    return task;
  }

  private static Optional<TaskType> type(JsonNode node, FieldPath path, Problems problems) {
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) {
      problems.add(
          path.child("type"),
          "missing required field 'type' (one of " + SpecName.choices(TaskType.class) + ")");
      return Optional.empty();
    }
    return Values.choice(type, TaskType.class, path.child("type"), problems);
  }

  private static String notOf(String name, TaskType type, List<String> allowed) {
    for (Map.Entry<TaskType, List<String>> other : FIELDS.entrySet()) {
      if (other.getValue().contains(name)) {
        return "field '"
            + name
            + "' belongs to "
            + other.getKey()
            + " tasks; this is a "
            + type
            + " task";
      }
    }
    return "unknown field " + Texts.quote(name) + Suggestions.didYouMean(name, allowed);
  }

  private static void rejectUnknownToAll(JsonNode node, FieldPath path, Problems problems) {
    List<String> all = FIELDS.values().stream().flatMap(List::stream).distinct().toList();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!all.contains(name)) {
        problems.add(
            path.child(name),
            "unknown field " + Texts.quote(name) + Suggestions.didYouMean(name, all));
      }
    }
  }
}
