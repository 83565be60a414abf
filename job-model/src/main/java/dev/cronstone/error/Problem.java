package dev.cronstone.error;

import java.util.Objects;

/**
 * One thing wrong with an input, at a field path such as {@code schedule.cron[1]}; {@code $} is the
 * whole input (bad YAML, an empty file).
 */
public record Problem(String path, String problem) {
  public static final String ROOT = "$";

  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(problem, "problem");
  }

  public static Problem root(String problem) {
    return new Problem(ROOT, problem);
  }

  @Override
  public String toString() {
    return path + ": " + problem;
  }
}
