package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.config.LoggingConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** {@code logging.*} applied to a Logback context of its own (never the test JVM's). */
class NodeLoggingTest {
  @TempDir Path dir;
  private final LoggerContext context = new LoggerContext();

  @BeforeEach
  void start() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private static LoggingConfig config(Path file, LoggingConfig.Format format, long maxFileSize) {
    return new LoggingConfig(Optional.ofNullable(file), format, maxFileSize, 14, 1024L * 1024);
  }

  private Logger logger() {
    return context.getLogger("dev.cronstone.node.Node");
  }

  @Test
  void a_text_log_file_gets_every_line_in_the_console_pattern_in_a_folder_it_creates()
      throws Exception {
    Path file = dir.resolve("logs/cronstone.log");
    NodeLogging.apply(config(file, LoggingConfig.Format.TEXT, 1024 * 1024), context);
    logger().info("[{}] started with {} job(s)", "node-a", 6);
    logger().warn("[node-a] something odd");

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ INFO  \\[.+\\] .+")
        .endsWith("dev.cronstone.node.Node - [node-a] started with 6 job(s)");
    assertThat(lines.get(1)).contains("WARN ").endsWith("[node-a] something odd");
  }

  @Test
  void json_lines_parse_and_carry_the_written_message_never_the_raw_arguments() throws Exception {
    Path file = dir.resolve("cronstone.log");
    NodeLogging.apply(config(file, LoggingConfig.Format.JSON, 1024 * 1024), context);
    logger().info("[{}] run {} ended", "node-a", 42);
    logger().error("[node-a] failed", new IllegalStateException("boom"));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = Files.readAllLines(file).stream().map(l -> read(json, l)).toList();
    assertThat(events).hasSize(2);
    JsonNode first = events.get(0);
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("loggerName").asText()).isEqualTo("dev.cronstone.node.Node");
    assertThat(first.get("formattedMessage").asText()).isEqualTo("[node-a] run 42 ended");
    assertThat(first.get("timestamp").asLong()).isPositive();
    assertThat(first.has("arguments")).isFalse();
    assertThat(first.has("message")).isFalse();
    assertThat(events.get(1).get("throwable").get("message").asText()).isEqualTo("boom");
  }

  @Test
  void a_full_file_rolls_over_to_a_dated_numbered_gzip_beside_it() throws Exception {
    Path file = dir.resolve("cronstone.log");
    NodeLogging.apply(config(file, LoggingConfig.Format.TEXT, 1024), context);
    String filler = "x".repeat(200);
    await("a rolled file")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              logger().info("[node-a] {}", filler);
              return rolled().findAny().isPresent();
            });
    // Logback compresses in the background through a temporary file ("...log<nanos>.tmp"): the
    // names are checked once the compressions it started have finished.
    await("the rolled files compressed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> rolled().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    assertThat(rolled().map(p -> p.getFileName().toString()))
        .allMatch(n -> n.matches("cronstone\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log(\\.gz)?"));
    assertThat(file).exists();
  }

  @Test
  void json_on_the_console_replaces_the_text_appender() {
    NodeLogging.apply(config(null, LoggingConfig.Format.JSON, 1024 * 1024), context);
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR")).isNotNull();
    assertThat(((ch.qos.logback.core.ConsoleAppender<?>) root.getAppender("STDERR")).getEncoder())
        .isInstanceOf(ch.qos.logback.classic.encoder.JsonEncoder.class);
  }

  @Test
  void a_file_that_cannot_be_written_is_config_invalid_at_logging_file() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain"), "x");
    CronstoneException e =
        catchThrowableOfType(
            CronstoneException.class,
            () ->
                NodeLogging.apply(
                    config(notAFolder.resolve("cronstone.log"), LoggingConfig.Format.TEXT, 1024),
                    context));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.details()).extracting(Problem::path).containsExactly("logging.file");
    assertThat(e.details().get(0).problem())
        .contains(notAFolder.toString())
        .contains("cannot be written");

    CronstoneException folder =
        catchThrowableOfType(
            CronstoneException.class,
            () -> NodeLogging.apply(config(dir, LoggingConfig.Format.TEXT, 1024), context));
    assertThat(folder.details())
        .containsExactly(new Problem("logging.file", dir + " is a folder, not a file"));
  }

  @Test
  void rolled_files_are_named_from_the_live_one() {
    assertThat(NodeLogging.rolledPattern(Path.of("/var/log/cronstone/cronstone.log")))
        .isEqualTo("/var/log/cronstone/cronstone.%d{yyyy-MM-dd}.%i.log.gz");
    assertThat(NodeLogging.rolledPattern(Path.of("/srv/node.out")))
        .isEqualTo("/srv/node.out.%d{yyyy-MM-dd}.%i.log.gz");
  }

  private Stream<Path> rolled() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> !p.getFileName().toString().equals("cronstone.log"))
          .toList()
          .stream();
    }
  }

  private static JsonNode read(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
