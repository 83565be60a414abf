package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.model.Placeholders.Place;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Walks a whole spec tree and checks the placeholders of every string: templated where the task
 * resolves them (command arguments, body; env values, header values and url, which may also
 * reference secrets), literal everywhere else, where a {@code ${env:NAME}} is refused.
 */
final class PlaceholderCheck {
  private static final Set<String> SECRET_MAPS = Set.of("env", "headers");

  private PlaceholderCheck() {}

  static void check(JsonNode root, Problems problems) {
    Set<String> unset = unset(root);
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      FieldPath path = FieldPath.ROOT.child(field.getKey());
      if (field.getKey().equals("task") && field.getValue().isObject()) {
        task(field.getValue(), path, problems, unset);
      } else {
        walk(field.getValue(), path, Place.LITERAL, problems, unset);
      }
    }
  }

  /** The placeholders of {@link Template#PROVIDED_BY} whose field the spec leaves out. */
  private static Set<String> unset(JsonNode root) {
    Set<String> unset = new HashSet<>();
    Template.PROVIDED_BY.forEach(
        (name, field) -> {
          JsonNode node = root;
          for (String part : field.split("\\.")) {
            node = node.path(part);
          }
          if (node.isMissingNode() || node.isNull()) {
            unset.add(name);
          }
        });
    return unset;
  }

  private static void task(JsonNode task, FieldPath path, Problems problems, Set<String> unset) {
    for (Map.Entry<String, JsonNode> field : task.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      FieldPath at = path.child(name);
      if (name.equals("url") && value.isTextual()) {
        walk(value, at, Place.TEMPLATE_WITH_SECRETS, problems, unset);
      } else if (name.equals("body") && value.isTextual()) {
        walk(value, at, Place.TEMPLATE, problems, unset);
      } else if (name.equals("command") && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          walk(value.get(i), at.index(i), Place.TEMPLATE, problems, unset);
        }
      } else if (SECRET_MAPS.contains(name) && value.isObject()) {
        value
            .properties()
            .forEach(
                e ->
                    walk(
                        e.getValue(),
                        at.child(e.getKey()),
                        Place.TEMPLATE_WITH_SECRETS,
                        problems,
                        unset));
      } else {
        walk(value, at, Place.LITERAL, problems, unset);
      }
    }
  }

  private static void walk(
      JsonNode node, FieldPath path, Place place, Problems problems, Set<String> unset) {
    if (node.isTextual()) {
      Placeholders.problem(node.textValue(), place, unset).ifPresent(p -> problems.add(path, p));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path.index(i), Place.LITERAL, problems, unset);
      }
    } else if (node.isObject()) {
      node.properties()
          .forEach(e -> walk(e.getValue(), path.child(e.getKey()), Place.LITERAL, problems, unset));
    }
  }
}
