package dev.cronstone.execution;

import dev.cronstone.model.Template;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run-time values of a task's placeholders, and the secrets it references. Names: {@code
 * jobId}, {@code fireTime} (the intended fire instant, UTC ISO-8601), {@code fireDate} (its
 * scheduled local date), {@code fireLocalTime} (its scheduled local date-time), {@code timezone},
 * {@code nodeId}; and {@code env:NAME} for secrets from the node's environment.
 */
final class TaskValues {
  private final Map<String, String> values;
  private final Function<String, Optional<String>> env;

  TaskValues(FireContext fire, Function<String, Optional<String>> env) {
    this.values =
        Map.of(
            "jobId", fire.jobId(),
            "fireTime", DateTimeFormatter.ISO_INSTANT.format(fire.intendedFire()),
            "fireDate", fire.localFire().toLocalDate().toString(),
            "fireLocalTime", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(fire.localFire()),
            "timezone", fire.zone().getId(),
            "nodeId", fire.nodeId());
    this.env = env;
  }

  /** The text with every placeholder replaced; an unset secret variable is an error. */
  String render(String text) {
    return Template.render(text, this::lookup);
  }

  private Optional<String> lookup(String name) {
    if (name.startsWith("env:")) {
      String variable = name.substring(4);
      return Optional.of(
          env.apply(variable)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "environment variable " + variable + " is not set")));
    }
    return Optional.ofNullable(values.get(name));
  }
}
