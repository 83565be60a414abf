package dev.cronstone.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code ${...}} placeholders of templated strings (command arguments, env and header values,
 * url, body): {@code ${env:NAME}} references a secret, any other {@code ${name}} is resolved at
 * run time, and {@code $${} is a literal {@code ${}. Nothing is resolved here.
 */
final class Placeholders {
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String ENV_PREFIX = "${env:";
  static final String SECRET_PLACES = "task.env values, task.headers values and task.url";

  private Placeholders() {}

  /** Where {@code ${...}} may appear. */
  enum Place {
    /** Not templated: text is literal, but a secret reference is refused. */
    LITERAL,
    /** Templated, secrets not allowed (command arguments, body). */
    TEMPLATE,
    /** Templated, secrets allowed (env values, header values, url). */
    TEMPLATE_WITH_SECRETS
  }

  /**
   * The first problem with the placeholders of {@code text} at a place of this kind; {@code unset}
   * names the placeholders of {@link Template#PROVIDED_BY} whose field this spec leaves out.
   */
  static Optional<String> problem(String text, Place place, Set<String> unset) {
    if (place == Place.LITERAL) {
      return text.contains(ENV_PREFIX) ? Optional.of(secretNotAllowed()) : Optional.empty();
    }
    for (int i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
      if (text.startsWith("$${", i)) {
        i += 2;
        continue;
      }
      if (!text.startsWith("${", i)) {
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        return Optional.of("unterminated placeholder: '${' without a closing '}'");
      }
      Optional<String> problem = nameProblem(text.substring(i + 2, end), place, unset);
      if (problem.isPresent()) {
        return problem;
      }
      i = end;
    }
    return Optional.empty();
  }

  private static Optional<String> nameProblem(String name, Place place, Set<String> unset) {
    if (name.isBlank()) {
      return Optional.of("empty placeholder '${}'");
    }
    if (unset.contains(name)) {
      String field = Template.PROVIDED_BY.get(name);
      return Optional.of(
          Texts.quote("${" + name + "}")
              + " needs "
              + field
              + ": set it, or write $${"
              + name
              + "} for the text itself");
    }
    if (!name.startsWith("env:")) {
      return Template.NAMES.contains(name)
          ? Optional.empty()
          : Optional.of(
              "unknown placeholder "
                  + Texts.quote("${" + name + "}")
                  + "; known: "
                  + String.join(", ", Template.NAMES.stream().map(n -> "${" + n + "}").toList())
                  + " (write $${ for a literal ${)");
    }
    if (place != Place.TEMPLATE_WITH_SECRETS) {
      return Optional.of(secretNotAllowed());
    }
    String env = name.substring(4);
    if (!ENV_NAME.matcher(env).matches()) {
      return Optional.of(
          Texts.quote("${" + name + "}")
              + ": environment variable names must match [A-Za-z_][A-Za-z0-9_]*");
    }
    return Optional.empty();
  }

  /** The environment variable names referenced as {@code ${env:NAME}} in {@code text}. */
  static List<String> envNames(String text) {
    List<String> names = new ArrayList<>();
    for (int i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
      if (text.startsWith("$${", i)) {
        i += 2;
      } else if (text.startsWith(ENV_PREFIX, i)) {
        int end = text.indexOf('}', i);
        if (end < 0) {
          break;
        }
        names.add(text.substring(i + ENV_PREFIX.length(), end));
        i = end;
      }
    }
    return names;
  }

  private static String secretNotAllowed() {
    return "secret references (${env:NAME}) are only allowed in " + SECRET_PLACES;
  }
}
