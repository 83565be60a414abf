package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreCliUnavailableTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"nodes", "triggers", "fired", "locks", "paused", "migrate", "repair"})
  void an_unreachable_store_is_store_unavailable_exit_4_with_the_masked_url(String command)
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("scheduler.yaml"),
            "store: { url: \"jdbc:postgresql://127.0.0.1:1/x?user=ops&password=hunter2\" }\n");

    CliRun json = CliRun.run("--config", config.toString(), "store", command, "--output", "json");
    assertThat(json.exit()).isEqualTo(4);
    assertThat(json.out()).isEmpty();
    assertThat(json.errorJson().at("/error/code").asText()).isEqualTo("store_unavailable");
    assertThat(json.errorJson().at("/error/message").asText())
        .contains("jdbc:postgresql://127.0.0.1:1/x?user=ops&password=***")
        .doesNotContain("hunter2");

    CliRun text = CliRun.run("--config", config.toString(), "store", command);
    assertThat(text.exit()).isEqualTo(4);
    assertThat(text.err().lines()).hasSize(1);
    assertThat(text.err())
        .startsWith("error: cannot connect")
        .endsWith("[store_unavailable]" + System.lineSeparator())
        .doesNotContain("hunter2")
        .doesNotContain("Exception");
  }
}
