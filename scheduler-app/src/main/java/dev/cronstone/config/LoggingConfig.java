package dev.cronstone.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node's log lines go and in which form (docs/configuration.md; docs/operations.md,
 * "Logs").
 *
 * @param file the log file; empty = stderr only. Set, the lines go to this file instead of stderr,
 *     rolled over daily and when it reaches {@code maxFileSizeBytes}
 * @param format {@code text} (one line per event, as on the console) or {@code json} (one JSON
 *     object per line, Logback's own {@code JsonEncoder})
 * @param maxFileSizeBytes the size at which the current file is rolled over within a day
 * @param maxHistoryDays how many days of rolled files are kept
 * @param totalSizeCapBytes the most all rolled files may take together; the oldest go first
 */
public record LoggingConfig(
    Optional<Path> file,
    Format format,
    long maxFileSizeBytes,
    int maxHistoryDays,
    long totalSizeCapBytes) {
  public static final Format DEFAULT_FORMAT = Format.TEXT;
  public static final long DEFAULT_MAX_FILE_SIZE_BYTES = 10L * 1024L * 1024L;
  public static final int DEFAULT_MAX_HISTORY_DAYS = 14;
  public static final long DEFAULT_TOTAL_SIZE_CAP_BYTES = 1024L * 1024L * 1024L;

  /** The two forms of a log line. */
  public enum Format {
    TEXT,
    JSON
  }

  public LoggingConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    if (maxFileSizeBytes < 1 || maxHistoryDays < 1 || totalSizeCapBytes < maxFileSizeBytes) {
      throw new IllegalArgumentException(
          "need maxFileSize >= 1, maxHistory >= 1 and totalSizeCap >= maxFileSize");
    }
  }

  public static LoggingConfig defaults() {
    return new LoggingConfig(
        Optional.empty(),
        DEFAULT_FORMAT,
        DEFAULT_MAX_FILE_SIZE_BYTES,
        DEFAULT_MAX_HISTORY_DAYS,
        DEFAULT_TOTAL_SIZE_CAP_BYTES);
  }
}
