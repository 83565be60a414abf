package dev.cronstone.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the job specs are, and how a node reconciles them with the store: once at start ({@code
 * syncOnStart}) and, while it runs, on every change of the folder ({@code watch}: a file watcher,
 * with a rescan every {@code rescanInterval} as the fallback).
 */
public record JobsConfig(
    Path dir, boolean syncOnStart, boolean removeMissing, boolean watch, Duration rescanInterval) {
  public static final Path DEFAULT_DIR = Path.of("config/jobs");
  public static final boolean DEFAULT_SYNC_ON_START = true;
  public static final boolean DEFAULT_REMOVE_MISSING = true;
  public static final boolean DEFAULT_WATCH = true;
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration MIN_RESCAN_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MAX_RESCAN_INTERVAL = Duration.ofDays(1);

  public JobsConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(rescanInterval, "rescanInterval");
  }

  /** The folder and its sync at start, watched with the defaults. */
  public JobsConfig(Path dir, boolean syncOnStart, boolean removeMissing) {
    this(dir, syncOnStart, removeMissing, DEFAULT_WATCH, DEFAULT_RESCAN_INTERVAL);
  }

  static JobsConfig defaults() {
    return new JobsConfig(DEFAULT_DIR, DEFAULT_SYNC_ON_START, DEFAULT_REMOVE_MISSING);
  }
}
