package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;

  @Test
  void a_token_is_written_to_a_0600_file_replacing_what_was_there() throws Exception {
    Path file = dir.resolve("data/api-token");
    assertThat(TokenFile.read(file)).isEmpty();

    TokenFile.write(file, "first-token");
    assertThat(TokenFile.read(file)).contains("first-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    TokenFile.write(file, "second-token");
    assertThat(TokenFile.read(file)).contains("second-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.toList()).containsExactly(file);
    }
  }

  @Test
  void an_empty_file_holds_no_token() throws Exception {
    Path file = dir.resolve("api-token");
    Files.writeString(file, "\n");
    assertThat(TokenFile.read(file)).isEmpty();
  }

  @Test
  void the_file_lives_next_to_the_h2_database_unless_configured() {
    assertThat(TokenFile.location(config(""))).isEqualTo(Path.of("./data/api-token"));
    assertThat(
            TokenFile.location(
                config("store: { url: \"jdbc:h2:file:/srv/cs/db/cronstone;AUTO_SERVER=TRUE\" }\n")))
        .isEqualTo(Path.of("/srv/cs/db/api-token"));
    assertThat(TokenFile.location(config("store: { url: \"jdbc:postgresql://db/cs\" }\n")))
        .isEqualTo(Path.of("data/api-token"));
    assertThat(TokenFile.location(config("api: { tokenFile: /etc/cronstone/token }\n")))
        .isEqualTo(Path.of("/etc/cronstone/token"));
  }

  private static NodeConfig config(String yaml) {
    return new ConfigLoader(n -> Optional.empty())
        .parse("c.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }
}
