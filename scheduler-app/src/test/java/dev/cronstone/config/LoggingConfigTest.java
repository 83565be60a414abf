package dev.cronstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code logging} section of {@code scheduler.yaml}. */
class LoggingConfigTest {
  private static NodeConfig parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(name -> Optional.ofNullable(env.get(name)))
        .parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Problem> problems(String yaml) {
    CronstoneException e =
        catchThrowableOfType(CronstoneException.class, () -> parse(yaml, Map.of()));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    return e.details();
  }

  @Test
  void defaults_log_text_to_stderr_and_roll_a_file_at_10mb_keeping_14_days_and_1gb() {
    LoggingConfig d = NodeConfig.defaults().logging();
    assertThat(d.file()).isEmpty();
    assertThat(d.format()).isEqualTo(LoggingConfig.Format.TEXT);
    assertThat(d.maxFileSizeBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(d.maxHistoryDays()).isEqualTo(14);
    assertThat(d.totalSizeCapBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(parse("logging: {}\n", Map.of()).logging()).isEqualTo(d);
    assertThat(parse("logging: { file: \"\" }\n", Map.of()).logging()).isEqualTo(d);
  }

  @Test
  void a_file_format_and_rolling_are_read_with_env_references_resolved() {
    LoggingConfig l =
        parse(
                """
                logging:
                  file: "${env:LOG_DIR}/cronstone.log"
                  format: JSON
                  maxFileSize: 50MB
                  maxHistory: 30
                  totalSizeCap: 20GB
                """,
                Map.of("LOG_DIR", "/var/log/cronstone"))
            .logging();
    assertThat(l)
        .isEqualTo(
            new LoggingConfig(
                Optional.of(Path.of("/var/log/cronstone/cronstone.log")),
                LoggingConfig.Format.JSON,
                50L * 1024 * 1024,
                30,
                20L * 1024 * 1024 * 1024));
  }

  @Test
  void bad_values_are_refused_each_at_its_path() {
    assertThat(
            problems(
                """
                logging:
                  file: "logs/cron%d.log"
                  format: xml
                  maxFileSize: 2GB
                  maxHistory: 0
                  totalSizeCap: lots
                  level: debug
                """))
        .containsExactlyInAnyOrder(
            new Problem("logging.file", "must not contain '%' (rolled files are named from it)"),
            new Problem("logging.format", "must be text or json, got 'xml'"),
            new Problem("logging.maxFileSize", "must be between 1KB and 1GB, got '2GB'"),
            new Problem("logging.maxHistory", "must be between 1 and 3650, got 0"),
            new Problem(
                "logging.totalSizeCap", "must be a size such as 1MB, 512KB or 65536, got 'lots'"),
            new Problem(
                "logging.level",
                "unknown field; expected one of [file, format, maxFileSize, maxHistory,"
                    + " totalSizeCap]"));
  }

  @Test
  void a_folder_a_cap_below_the_file_size_and_a_wrong_shape_are_refused() {
    assertThat(problems("logging: { file: logs/ }\n"))
        .containsExactly(
            new Problem("logging.file", "must name a file, not a folder, got 'logs/'"));
    assertThat(problems("logging: { maxFileSize: 100MB, totalSizeCap: 10MB }\n"))
        .containsExactly(
            new Problem(
                "logging.totalSizeCap",
                "must be at least logging.maxFileSize (104857600 bytes), got 10485760"));
    assertThat(problems("logging: [file]\n"))
        .containsExactly(new Problem("logging", "must be a mapping, got array"));
  }
}
