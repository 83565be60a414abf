package dev.cronstone.bench;

import picocli.CommandLine.Command;

/**
 * {@code overload}: every job every second (use {@code --jobs 2000} for docs/performance.md,
 * "Targets and measured figures").
 */
@Command(
    name = "overload",
    description = "--jobs cron jobs each firing every second; completed runs/s and lateness",
    mixinStandardHelpOptions = true)
final class Overload extends Lateness {
  @Override
  String scenario() {
    return "overload";
  }

  @Override
  String cron(int i, int n) {
    return "* * * * * ?";
  }
}
