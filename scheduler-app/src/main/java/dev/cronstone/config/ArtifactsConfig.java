package dev.cronstone.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where run artifacts go, how much of a task's output is kept, and the default retention.
 *
 * @param maxOutputBytes the bound of each output stream of an attempt: the text recorded in the
 *     store while the task runs stops there (a truncation mark says how much was dropped), and the
 *     tail kept for {@code stdout.log} and {@code stderr.log} is that long
 */
public record ArtifactsConfig(Path dir, long maxOutputBytes, RetentionConfig retention) {
  public static final Path DEFAULT_DIR = Path.of("./runs");
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 1024L * 1024L;

  public ArtifactsConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(retention, "retention");
  }

  static ArtifactsConfig defaults() {
    return new ArtifactsConfig(DEFAULT_DIR, DEFAULT_MAX_OUTPUT_BYTES, RetentionConfig.keepAll());
  }
}
