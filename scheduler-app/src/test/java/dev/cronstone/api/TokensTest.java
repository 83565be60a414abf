package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.config.ApiConfig.NamedToken;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.tokens.LiveToken;
import dev.cronstone.tokens.TokenDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final Tokens tokens =
      Tokens.of(List.of(new NamedToken("api", "main-token"), new NamedToken("ci", "ci-token")));

  @Test
  void a_known_bearer_token_answers_its_name() {
    assertThat(tokens.authorize("Bearer main-token")).contains("api");
    assertThat(tokens.authorize("bearer ci-token")).contains("ci");
    assertThat(tokens.authorize("Bearer  ci-token ")).contains("ci");
  }

  @Test
  void anything_else_is_refused() {
    assertThat(tokens.authorize(null)).isEmpty();
    assertThat(tokens.authorize("")).isEmpty();
    assertThat(tokens.authorize("Bearer")).isEmpty();
    assertThat(tokens.authorize("Bearer ")).isEmpty();
    assertThat(tokens.authorize("Basic bWFpbi10b2tlbg==")).isEmpty();
    assertThat(tokens.authorize("main-token")).isEmpty();
    assertThat(tokens.authorize("Bearer main-token2")).isEmpty();
    assertThat(tokens.authorize("Bearer main-toke")).isEmpty();
  }

  @Test
  void the_store_tokens_are_read_again_after_the_ttl_and_a_failed_read_keeps_the_last() {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    AtomicReference<List<LiveToken>> store =
        new AtomicReference<>(List.of(new LiveToken("old", TokenDigest.of("old-token"))));
    AtomicInteger reads = new AtomicInteger();
    Tokens withStore =
        Tokens.withStore(
            List.of(new NamedToken("api", "main-token")),
            now -> {
              reads.incrementAndGet();
              if (store.get() == null) {
                throw new IllegalStateException("store down");
              }
              return store.get();
            },
            clock,
            "test-node");

    assertThat(withStore.authorize("Bearer old-token")).contains("old");
    assertThat(withStore.authorize("Bearer main-token")).contains("api");
    store.set(List.of(new LiveToken("new", TokenDigest.of("new-token"))));
    clock.advance(Tokens.STORE_TTL.minusMillis(1));
    assertThat(withStore.authorize("Bearer old-token")).contains("old");
    assertThat(withStore.authorize("Bearer new-token")).isEmpty();
    assertThat(reads).hasValue(1);

    clock.advance(Duration.ofMillis(1));
    assertThat(withStore.authorize("Bearer old-token")).isEmpty();
    assertThat(withStore.authorize("Bearer new-token")).contains("new");

    store.set(null);
    clock.advance(Tokens.STORE_TTL);
    assertThat(withStore.authorize("Bearer new-token")).contains("new");
    assertThat(withStore.authorize("Bearer main-token")).contains("api");
    assertThat(reads).hasValue(3);
  }

  @Test
  void the_api_is_never_open() {
    assertThatThrownBy(() -> Tokens.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
