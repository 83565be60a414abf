package dev.cronstone.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.cronstone.config.LoggingConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Points a node's log lines where {@code logging.*} says (docs/configuration.md;
 * docs/operations.md, "Logs"), with Logback's own appenders and encoders: stderr or a file rolled
 * daily and by size ({@link SizeAndTimeBasedRollingPolicy}), as text or as one JSON object per line
 * ({@link JsonEncoder}). The default (no file, text) keeps {@code logback.xml}'s stderr appender as
 * it is.
 */
public final class NodeLogging {
  /** The same line as {@code logback.xml}'s console pattern. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  private NodeLogging() {}

  /**
   * Replaces the root logger's appenders by the configured one. A log file that cannot be written
   * is {@code config_invalid} at {@code logging.file}, and the logs stay where they were.
   */
  public static void apply(LoggingConfig config) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      apply(config, context);
    } // else another SLF4J binding: it is configured its own way
  }

  static void apply(LoggingConfig config, LoggerContext context) {
    if (config.file().isEmpty() && config.format() == LoggingConfig.Format.TEXT) {
      return;
    }
    OutputStreamAppender<ILoggingEvent> appender =
        config.file().isPresent()
            ? file(context, config, config.file().get())
            : console(context, config);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  private static ConsoleAppender<ILoggingEvent> console(
      LoggerContext context, LoggingConfig config) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder(context, config.format()));
    appender.start();
    return appender;
  }

  private static RollingFileAppender<ILoggingEvent> file(
      LoggerContext context, LoggingConfig config, Path configured) {
    Path file = configured.toAbsolutePath().normalize();
    checkWritable(file);
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder(context, config.format()));

    SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(rolledPattern(file));
    rolling.setMaxFileSize(new FileSize(config.maxFileSizeBytes()));
    rolling.setMaxHistory(config.maxHistoryDays());
    rolling.setTotalSizeCap(new FileSize(config.totalSizeCapBytes()));
    rolling.start();
    appender.setRollingPolicy(rolling);
    appender.start();
    if (!appender.isStarted()) {
      throw invalid(file, "Logback could not open it (see the status lines above)");
    }
    return appender;
  }

  /**
   * Rolled files sit beside the live one, dated and numbered, compressed: {@code cronstone.log}
   * rolls to {@code cronstone.2026-03-29.0.log.gz}.
   */
  static String rolledPattern(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
    return file.resolveSibling(stem + ".%d{yyyy-MM-dd}.%i.log.gz").toString();
  }

  private static Encoder<ILoggingEvent> encoder(
      LoggerContext context, LoggingConfig.Format format) {
    if (format == LoggingConfig.Format.JSON) {
      // One object per line with the message as it is written in text (never the raw arguments
      // apart from it), the level, time, thread, logger, MDC and any exception.
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithContext(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }

  /** Creates the file's folder and opens the file for appending, to fail early and clearly. */
  private static void checkWritable(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw invalid(file, "is a folder, not a file");
      }
      Files.createDirectories(file.getParent());
      try (OutputStream out =
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.flush();
      }
    } catch (IOException | SecurityException e) {
      throw invalid(
          file, "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  private static CronstoneException invalid(Path file, String why) {
    Problem problem = new Problem("logging.file", file + " " + why);
    return new CronstoneException(
        ErrorCode.CONFIG_INVALID, "invalid config: " + problem, null, List.of(problem));
  }
}
