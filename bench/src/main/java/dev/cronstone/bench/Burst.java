package dev.cronstone.bench;

import picocli.CommandLine.Command;

/** {@code burst}: every job due at the same second of each minute. */
@Command(
    name = "burst",
    description = "--jobs cron jobs all due at second 30 of every minute; lateness p50/p99/max",
    mixinStandardHelpOptions = true)
final class Burst extends Lateness {
  @Override
  String scenario() {
    return "burst";
  }

  @Override
  String cron(int i, int n) {
    return "30 * * * * ?";
  }
}
