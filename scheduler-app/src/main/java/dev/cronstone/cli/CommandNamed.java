package dev.cronstone.cli;

import java.util.Optional;
import java.util.Set;

/**
 * The command a {@code jobs} command line names, read before picocli parses it (as {@code bin/jobs}
 * reads it): the first argument that is not a global option ({@code --config FILE}, {@code --output
 * FORMAT}, or their {@code =} forms).
 */
final class CommandNamed {
  private CommandNamed() {}

  /**
   * The command {@code args} name, when it is one of {@code known} and only global options come
   * before it; empty otherwise (no command, another one, another option first).
   */
  static Optional<String> in(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") || arg.equals("--output")) {
        i++;
      } else if (arg.startsWith("--config=") || arg.startsWith("--output=")) {
        continue;
      } else if (arg.startsWith("-") || !known.contains(arg)) {
        return Optional.empty();
      } else {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }
}
