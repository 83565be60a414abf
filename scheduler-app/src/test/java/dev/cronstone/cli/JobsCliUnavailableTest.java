package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobsCliUnavailableTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"list", "show nightly", "pause nightly", "resume --all", "sync", "sync --dry-run"})
  void an_unreachable_store_is_store_unavailable_exit_4_with_the_masked_url_and_no_stack_trace(
      String command) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("scheduler.yaml"),
            "store: { url: \"jdbc:postgresql://127.0.0.1:1/x?user=ops&password=hunter2\" }\n"
                + "jobs: { dir: \""
                + dir
                + "\" }\n");
    String[] words = command.split(" ");

    CliRun json =
        CliRun.run(concat(new String[] {"--config", config.toString(), "--output", "json"}, words));
    assertThat(json.exit()).isEqualTo(4);
    assertThat(json.out()).isEmpty();
    assertThat(json.errorJson().at("/error/code").asText()).isEqualTo("store_unavailable");
    assertThat(json.errorJson().at("/error/message").asText())
        .contains("jdbc:postgresql://127.0.0.1:1/x?user=ops&password=***")
        .doesNotContain("hunter2");

    CliRun text = CliRun.run(concat(new String[] {"--config", config.toString()}, words));
    assertThat(text.exit()).isEqualTo(4);
    assertThat(text.err().lines()).hasSize(1);
    assertThat(text.err())
        .contains("[store_unavailable]")
        .doesNotContain("hunter2")
        .doesNotContain("Exception");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
