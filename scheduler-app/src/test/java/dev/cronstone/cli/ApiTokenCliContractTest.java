package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.tokens.TokenDigest;
import dev.cronstone.tokens.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs api-token list|rotate|revoke} in-process against a real database, once per database.
 */
abstract class ApiTokenCliContractTest {
  private static final Instant NOW = CliRun.NOW;

  protected abstract DatabaseExtension db();

  @TempDir Path dir;

  private CliRun jobs(String... args) {
    try {
      Path config = dir.resolve("scheduler.yaml");
      var store = db().database().storeConfig();
      Files.writeString(
          config,
          "store: { url: \"%s\", user: \"%s\", password: \"%s\" }\n"
              .formatted(store.url(), store.user(), store.password()));
      List<String> all = new ArrayList<>(List.of("--config", config.toString()));
      all.addAll(List.of(args));
      return CliRun.run(all.toArray(String[]::new));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private TokenStore store() {
    return new TokenStore(db().database().dataSource(), "test");
  }

  private boolean accepted(String token, Instant at) {
    byte[] digest = TokenDigest.of(token);
    return store().live(at).stream().anyMatch(t -> t.matches(digest));
  }

  @Test
  void rotate_prints_a_new_token_once_and_the_old_one_stays_valid_for_the_overlap() {
    assertThat(jobs("api-token", "list").out()).contains("no token is kept in the store");
    String old =
        ((TokenStore.Start.Generated)
                store().ensure(Optional.empty(), "node-a", NOW.minus(Duration.ofDays(1))))
            .issued()
            .token();

    CliRun rotate = jobs("api-token", "rotate", "--overlap", "PT30M", "--output", "json");

    assertThat(rotate.exit()).as(rotate.err()).isZero();
    JsonNode json = rotate.json();
    String fresh = json.path("token").asText();
    assertThat(json.path("name").asText()).isEqualTo("api-20261121-120000");
    assertThat(json.path("othersEndAt").asText()).isEqualTo("2026-11-21T12:30:00Z");
    assertThat(accepted(fresh, NOW)).isTrue();
    assertThat(accepted(old, NOW.plus(Duration.ofMinutes(29)))).isTrue();
    assertThat(accepted(old, NOW.plus(Duration.ofMinutes(30)))).isFalse();

    CliRun list = jobs("api-token", "list");
    assertThat(list.out())
        .contains("api ")
        .contains("live (ending)")
        .contains("2026-11-21T12:30:00Z")
        .contains("node-a")
        .contains("api-20261121-120000")
        .doesNotContain(fresh)
        .doesNotContain(old)
        .doesNotContain(HexFormat.of().formatHex(TokenDigest.of(fresh)))
        .doesNotContain(HexFormat.of().formatHex(TokenDigest.of(old)));
    JsonNode listed = jobs("api-token", "list", "--output", "json").json();
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("name", "status", "createdAt", "expiresAt", "createdBy");
  }

  @Test
  void revoke_ends_a_token_now_and_an_unknown_name_is_an_invalid_argument() {
    String token =
        ((TokenStore.Start.Generated) store().ensure(Optional.empty(), "node-a", NOW))
            .issued()
            .token();

    CliRun revoke = jobs("api-token", "revoke", "api");

    assertThat(revoke.exit()).as(revoke.err()).isZero();
    assertThat(revoke.out())
        .contains("revoked API token 'api'")
        .contains("no token in the store is live");
    assertThat(accepted(token, NOW)).isFalse();
    assertThat(jobs("api-token", "list").out()).contains("ended");
    assertThat(jobs("api-token", "revoke", "api").out()).contains("had ended already");

    CliRun unknown = jobs("api-token", "revoke", "nope", "--output", "json");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.errorJson().at("/error/code").asText()).isEqualTo("invalid_argument");
  }
}
