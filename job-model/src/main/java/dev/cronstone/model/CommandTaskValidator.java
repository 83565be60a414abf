package dev.cronstone.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validates the fields of a command task: command (argv), workdir, env. */
final class CommandTaskValidator {
  private CommandTaskValidator() {}

  static Optional<TaskSpec> validate(Fields f) {
    Problems problems = f.problems();
    int mark = problems.count();
    List<String> argv =
        f.required("command", " (the program and its arguments, as a list)")
            .map(n -> argv(n, f.path("command"), problems))
            .orElse(List.of());
    Optional<String> workdir = f.string("workdir");
    if (workdir.isPresent() && workdir.get().isBlank()) {
      problems.add(f.path("workdir"), "must not be empty");
    }
    Optional<Map<String, String>> env =
        f.get("env")
            .flatMap(
                n -> Values.stringMap(n, f.path("env"), problems, CommandTaskValidator::envName));
    if (!problems.noneSince(mark)) {
      return Optional.empty();
    }
    return Optional.of(new CommandTask(argv, workdir, env.orElse(Map.of())));
  }

  private static List<String> argv(JsonNode node, FieldPath path, Problems problems) {
    List<String> argv = new ArrayList<>();
    if (node.isTextual()) {
      problems.add(
          path,
          "expected a list of arguments, got a string: commands never run through a shell; "
              + "split it, e.g. [\"/bin/sh\", \"-c\", \"...\"]");
      return argv;
    }
    if (!node.isArray()) {
      problems.add(path, "expected a list of arguments, got " + Texts.describe(node));
      return argv;
    }
    if (node.isEmpty()) {
      problems.add(path, "must name at least the program to run");
    }
    for (int i = 0; i < node.size(); i++) {
      Values.string(node.get(i), path.index(i), problems).ifPresent(argv::add);
    }
    if (!argv.isEmpty() && node.get(0).isTextual() && argv.get(0).isBlank()) {
      problems.add(path.index(0), "the program must not be empty");
    }
    return argv;
  }

  private static Optional<String> envName(String name) {
    if (Placeholders.ENV_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Texts.quote(name) + " is not an environment variable name: use [A-Za-z_][A-Za-z0-9_]*");
  }
}
