package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;

  @Test
  void a_generated_token_is_32_random_bytes_in_a_0600_file_kept_across_starts() throws Exception {
    Path file = dir.resolve("data/api-token");
    String token = TokenFile.readOrCreate(file);
    assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(TokenFile.readOrCreate(file)).isEqualTo(token);
    assertThat(TokenFile.readOrCreate(dir.resolve("other/api-token"))).isNotEqualTo(token);
    try (var files = Files.list(file.getParent())) {
      assertThat(files.toList()).containsExactly(file);
    }
  }

  @Test
  void nodes_started_together_agree_on_one_token() throws Exception {
    Path file = dir.resolve("api-token");
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  tokens.add(TokenFile.readOrCreate(file));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(tokens).hasSize(1);
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
