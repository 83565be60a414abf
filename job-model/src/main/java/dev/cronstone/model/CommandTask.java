package dev.cronstone.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A process started from an argv list, never through a shell. Arguments, env values may hold
 * run-time placeholders ({@code ${fireDate}}); env values may reference secrets ({@code
 * ${env:NAME}}), kept here as written.
 */
public record CommandTask(List<String> command, Optional<String> workdir, Map<String, String> env)
    implements TaskSpec {

  public CommandTask {
    command = List.copyOf(command);
    Objects.requireNonNull(workdir, "workdir");
    env = Collections.unmodifiableMap(new TreeMap<>(env));
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("command needs a program");
    }
  }

  public static CommandTask of(String... argv) {
    return new CommandTask(List.of(argv), Optional.empty(), Map.of());
  }

  @Override
  public TaskType type() {
    return TaskType.COMMAND;
  }
}
