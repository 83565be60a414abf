package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Logback's start-up configuration in code says what logback.xml says. */
class StderrLoggingTest {
  private static final List<String> LOGGERS =
      List.of(
          "ROOT",
          "dev.cronstone",
          "dev.cronstone.cli.JobsCommand",
          "org.quartz.core.QuartzScheduler",
          "org.flywaydb.core.internal.database.base.Database",
          "org.flywaydb.core.Flyway");

  @Test
  void the_loggers_have_the_levels_and_the_appender_logback_xml_gives_them() throws JoranException {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(StderrLogging.class.getResource("/logback.xml"));
    LoggerContext inCode = new LoggerContext();
    StderrLogging.apply(inCode, "WARN");

    for (String name : LOGGERS) {
      assertThat(inCode.getLogger(name).getEffectiveLevel())
          .as(name)
          .isEqualTo(fromXml.getLogger(name).getEffectiveLevel());
    }
    ConsoleAppender<?> xml = (ConsoleAppender<?>) fromXml.getLogger("ROOT").getAppender("STDERR");
    ConsoleAppender<?> code = (ConsoleAppender<?>) inCode.getLogger("ROOT").getAppender("STDERR");
    assertThat(code.getTarget()).isEqualTo(xml.getTarget()).isEqualTo("System.err");
    assertThat(
            ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) code.getEncoder()).getPattern())
        .isEqualTo(
            ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) xml.getEncoder()).getPattern());
  }

  @Test
  void the_level_variable_sets_cronstones_loggers_only() {
    LoggerContext context = new LoggerContext();
    StderrLogging.apply(context, "info");

    assertThat(context.getLogger("dev.cronstone.node.Node").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    assertThat(context.getLogger("org.quartz").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void with_a_logback_test_xml_on_the_class_path_it_steps_aside() {
    LoggerContext context = new LoggerContext();
    StderrLogging logging = new StderrLogging();
    logging.setContext(context);

    assertThat(logging.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNull();
  }
}
