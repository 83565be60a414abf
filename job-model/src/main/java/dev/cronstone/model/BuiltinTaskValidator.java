package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validates a builtin task: its name and the args that builtin takes, no others. */
final class BuiltinTaskValidator {
  static final Map<BuiltinTask.Name, List<String>> ARGS =
      Map.of(
          BuiltinTask.Name.NOOP, List.of(),
          BuiltinTask.Name.SLEEP, List.of("duration"),
          BuiltinTask.Name.FAIL, List.of("message"),
          BuiltinTask.Name.ECHO, List.of("message"));

  private BuiltinTaskValidator() {}

  static Optional<TaskSpec> validate(Fields f) {
    Problems problems = f.problems();
    int mark = problems.count();
    Optional<BuiltinTask.Name> name =
        f.required("name", " (one of " + SpecName.choices(BuiltinTask.Name.class) + ")")
            .flatMap(n -> Values.choice(n, BuiltinTask.Name.class, f.path("name"), problems));
    JsonNode argsNode = f.get("args").orElse(JsonNodeFactory.instance.objectNode());
    if (name.isEmpty()) {
      Fields.of(argsNode, f.path("args"), problems, List.of());
      return Optional.empty();
    }
    Optional<Fields> args = Fields.of(argsNode, f.path("args"), problems, ARGS.get(name.get()));
    Optional<Duration> duration = Optional.empty();
    Optional<String> message = Optional.empty();
    if (args.isPresent()) {
      Fields a = args.get();
      String hint = " for builtin '" + name.get() + "'";
      if (name.get() == BuiltinTask.Name.SLEEP) {
        duration =
            a.required("duration", hint)
                .flatMap(
                    n ->
                        Values.duration(
                            n, Durations.Lower.ZERO_ALLOWED, a.path("duration"), problems));
      } else if (name.get() == BuiltinTask.Name.ECHO) {
        message = a.requiredString("message", hint);
      } else if (name.get() == BuiltinTask.Name.FAIL) {
        message = a.string("message");
      }
      a.rejectUnknown(arg -> unknownArg(arg, name.get()));
    }
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    return Optional.of(new BuiltinTask(name.get(), duration, message));
  }

  private static String unknownArg(String arg, BuiltinTask.Name name) {
    List<String> takes = ARGS.get(name);
    return "unknown argument "
        + Texts.quote(arg)
        + " for builtin '"
        + name
        + "' ("
        + (takes.isEmpty() ? "it takes none" : "it takes: " + String.join(", ", takes))
        + ")";
  }
}
