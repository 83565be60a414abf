package dev.cronstone.execution;

import dev.cronstone.model.Template;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run-time values of a task's placeholders, and the secrets it references. Names: {@code
 * jobId}, {@code fireTime} (the intended fire instant, UTC ISO-8601), {@code fireDate} (its
 * scheduled local date), {@code fireLocalTime} (its scheduled local date-time), {@code timezone},
 * {@code nodeId}, {@code batchSize} (the job's {@code limits.batchSize}, when set), {@code
 * upstreamRunId} (the upstream run that started an {@code after} run; empty text for any other
 * run); and {@code env:NAME} for secrets from the node's environment.
 */
final class TaskValues {
  /** The environment variable that carries {@code limits.batchSize} to a command task. */
  static final String BATCH_SIZE_ENV = "CRONSTONE_BATCH_SIZE";

  private final FireContext fire;
  private final Optional<String> batchSize;
  private final Function<String, Optional<String>> env;

  TaskValues(FireContext fire, Function<String, Optional<String>> env) {
    this(fire, Optional.empty(), env);
  }

  TaskValues(
      FireContext fire, Optional<Integer> batchSize, Function<String, Optional<String>> env) {
    this.fire = fire;
    this.batchSize = batchSize.map(String::valueOf);
    this.env = env;
  }

  /** The job's {@code limits.batchSize} as text, when the spec sets it. */
  Optional<String> batchSize() {
    return batchSize;
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
    // Each value made when a placeholder asks for it: most tasks (built-ins, noop) use none.
    return switch (name) {
      case "jobId" -> Optional.of(fire.jobId());
      case "fireTime" -> Optional.of(DateTimeFormatter.ISO_INSTANT.format(fire.intendedFire()));
      case "fireDate" -> Optional.of(fire.localFire().toLocalDate().toString());
      case "fireLocalTime" ->
          Optional.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(fire.localFire()));
      case "timezone" -> Optional.of(fire.zone().getId());
      case "nodeId" -> Optional.of(fire.nodeId());
      case "batchSize" -> batchSize;
      case "upstreamRunId" -> Optional.of(fire.upstreamRunId().orElse(""));
      default -> Optional.empty();
    };
  }
}
