package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fields of one mapping in a spec, with the names it allows. Reads are typed; a wrong value
 * adds a problem at the field's path and reads as empty. {@link #rejectUnknown()} reports every
 * field the mapping does not allow. A field set to null counts as absent.
 */
final class Fields {
  private final JsonNode node;
  private final FieldPath path;
  private final Problems problems;
  private final List<String> allowed;

  private Fields(JsonNode node, FieldPath path, Problems problems, List<String> allowed) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.allowed = List.copyOf(allowed);
  }

  /** The mapping's fields, or empty (with a problem) when the node is not a mapping. */
  static Optional<Fields> of(
      JsonNode node, FieldPath path, Problems problems, List<String> allowed) {
    if (!node.isObject()) {
      problems.add(path, "expected a mapping, got " + Texts.describe(node));
      return Optional.empty();
    }
    return Optional.of(new Fields(node, path, problems, allowed));
  }

  Problems problems() {
    return problems;
  }

  FieldPath path() {
    return path;
  }

  FieldPath path(String name) {
    return path.child(name);
  }

  boolean has(String name) {
    return get(name).isPresent();
  }

  Optional<JsonNode> get(String name) {
    if (!allowed.contains(name)) {
      throw new IllegalArgumentException("field not declared: " + name);
    }
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<JsonNode> required(String name, String hint) {
    Optional<JsonNode> value = get(name);
    if (value.isEmpty()) {
      problems.add(path(name), "missing required field '" + name + "'" + hint);
    }
    return value;
  }

  Optional<String> string(String name) {
    return get(name).flatMap(v -> Values.string(v, path(name), problems));
  }

  Optional<String> requiredString(String name, String hint) {
    return required(name, hint).flatMap(v -> Values.string(v, path(name), problems));
  }

  Optional<Boolean> bool(String name) {
    return get(name).flatMap(v -> Values.bool(v, path(name), problems));
  }

  Optional<Integer> integer(String name, int min, int max) {
    return get(name).flatMap(v -> Values.integer(v, min, max, path(name), problems));
  }

  Optional<Duration> duration(String name, Durations.Lower lower) {
    return get(name).flatMap(v -> Values.duration(v, lower, path(name), problems));
  }

  <E extends Enum<E> & SpecName> Optional<E> choice(String name, Class<E> type) {
    return get(name).flatMap(v -> Values.choice(v, type, path(name), problems));
  }

  /** Reports each field not allowed here: "unknown field 'comand'; did you mean 'command'?". */
  void rejectUnknown() {
    rejectUnknown(
        name -> "unknown field " + Texts.quote(name) + Suggestions.didYouMean(name, allowed));
  }

  /** Reports each field not allowed here with the message {@code explain} gives it. */
  void rejectUnknown(Function<String, String> explain) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(path(name), explain.apply(name));
      }
    }
  }

  List<String> allowed() {
    return allowed;
  }
}
