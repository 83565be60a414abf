package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.config.ApiConfig.NamedToken;
import java.util.List;
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
  void the_api_is_never_open() {
    assertThatThrownBy(() -> Tokens.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
