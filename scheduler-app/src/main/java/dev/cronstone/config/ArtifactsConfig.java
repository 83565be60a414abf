package dev.cronstone.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where run artifacts go, how much of a task's output is kept, and the default retention. */
public record ArtifactsConfig(Path dir, long stdoutCapBytes, RetentionConfig retention) {
  public static final Path DEFAULT_DIR = Path.of("./runs");
  public static final long DEFAULT_STDOUT_CAP_BYTES = 1024L * 1024L;

  public ArtifactsConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(retention, "retention");
  }

  static ArtifactsConfig defaults() {
    return new ArtifactsConfig(DEFAULT_DIR, DEFAULT_STDOUT_CAP_BYTES, RetentionConfig.keepAll());
  }
}
