package dev.cronstone.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Optional;

/**
 * Logback's start-up configuration, in code: what {@code logback.xml} says (stderr, {@link
 * NodeLogging#TEXT_PATTERN}, {@code dev.cronstone} at {@code CRONSTONE_LOG_LEVEL} or {@code WARN},
 * Flyway's database warning at {@code ERROR}, the rest at {@code WARN}), without parsing the XML:
 * reading it cost every {@code jobs} command about a tenth of its start. Logback finds it through
 * {@code META-INF/services}; when a {@code logback.configurationFile} is given, or a {@code
 * logback-test.xml} is on the class path, it steps aside and Logback reads that file as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StderrLogging extends ContextAwareBase implements Configurator {
  /** The variable (or system property) that sets the level of Cronstone's own loggers. */
  static final String LEVEL = "CRONSTONE_LOG_LEVEL";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    String level =
        Optional.ofNullable(System.getProperty(LEVEL))
            .or(() -> Optional.ofNullable(System.getenv(LEVEL)))
            .orElse("WARN");
    apply(context, level);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Configures {@code context} as {@code logback.xml} does, Cronstone's loggers at {@code level}.
   */
  static void apply(LoggerContext context, String level) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(NodeLogging.TEXT_PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("dev.cronstone").setLevel(Level.toLevel(level, Level.WARN));
    context.getLogger("org.flywaydb.core.internal.database.base.Database").setLevel(Level.ERROR);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
  }
}
