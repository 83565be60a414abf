package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Typed reads of one tree node; a wrong value adds a problem at its path and reads as empty. */
final class Values {
  private Values() {}

  static Optional<String> string(JsonNode node, FieldPath path, Problems problems) {
    if (node.isTextual()) {
      return Optional.of(node.textValue());
    }
    String hint = node.isValueNode() && !node.isNull() ? " (quote it to make it text)" : "";
    problems.add(path, "expected a string, got " + Texts.describe(node) + hint);
    return Optional.empty();
  }

  static Optional<Boolean> bool(JsonNode node, FieldPath path, Problems problems) {
    if (node.isBoolean()) {
      return Optional.of(node.booleanValue());
    }
    problems.add(path, "expected true or false, got " + Texts.describe(node));
    return Optional.empty();
  }

  static Optional<Integer> integer(
      JsonNode node, int min, int max, FieldPath path, Problems problems) {
    if (!node.isIntegralNumber()) {
      problems.add(path, "expected an integer, got " + Texts.describe(node));
      return Optional.empty();
    }
    BigInteger value = node.bigIntegerValue();
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      boolean belowOnly = max == Integer.MAX_VALUE && value.compareTo(BigInteger.valueOf(min)) < 0;
      String range = belowOnly ? "at least " + min : "between " + min + " and " + max;
      problems.add(path, "must be " + range + ", got " + Texts.clip(value.toString(), 30));
      return Optional.empty();
    }
    return Optional.of(value.intValue());
  }

  static Optional<Duration> duration(
      JsonNode node, Durations.Lower lower, FieldPath path, Problems problems) {
    if (!node.isTextual()) {
      problems.add(
          path, "expected an ISO-8601 duration such as PT30S, got " + Texts.describe(node));
      return Optional.empty();
    }
    Durations.Result result = Durations.parse(node.textValue(), lower);
    result.problem().ifPresent(p -> problems.add(path, p));
    return result.value();
  }

  static <E extends Enum<E> & SpecName> Optional<E> choice(
      JsonNode node, Class<E> type, FieldPath path, Problems problems) {
    return string(node, path, problems)
        .flatMap(
            text -> {
              Optional<E> value = SpecName.lookup(type, text);
              if (value.isEmpty()) {
                problems.add(
                    path,
                    Texts.quote(text)
                        + " is not one of "
                        + SpecName.choices(type)
                        + Suggestions.didYouMean(text, names(type)));
              }
              return value;
            });
  }

  /**
   * A mapping of strings to strings; {@code keyProblem} says what is wrong with a key, if anything.
   * Empty when anything is wrong.
   */
  static Optional<Map<String, String>> stringMap(
      JsonNode node,
      FieldPath path,
      Problems problems,
      Function<String, Optional<String>> keyProblem) {
    if (!node.isObject()) {
      problems.add(path, "expected a mapping, got " + Texts.describe(node));
      return Optional.empty();
    }
    int mark = problems.count();
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      FieldPath entryPath = path.child(entry.getKey());
      keyProblem.apply(entry.getKey()).ifPresent(p -> problems.add(entryPath, p));
      string(entry.getValue(), entryPath, problems).ifPresent(v -> map.put(entry.getKey(), v));
    }
    return problems.noneSince(mark) ? Optional.of(map) : Optional.empty();
  }

  private static <E extends Enum<E> & SpecName> java.util.List<String> names(Class<E> type) {
    return java.util.Arrays.stream(type.getEnumConstants()).map(SpecName::specName).toList();
  }
}
