package dev.cronstone.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the job specs are, and how a node reconciles them with the store. */
public record JobsConfig(Path dir, boolean syncOnStart, boolean removeMissing) {
  public static final Path DEFAULT_DIR = Path.of("config/jobs");
  public static final boolean DEFAULT_SYNC_ON_START = true;
  public static final boolean DEFAULT_REMOVE_MISSING = true;

  public JobsConfig {
    Objects.requireNonNull(dir, "dir");
  }

  static JobsConfig defaults() {
    return new JobsConfig(DEFAULT_DIR, DEFAULT_SYNC_ON_START, DEFAULT_REMOVE_MISSING);
  }
}
