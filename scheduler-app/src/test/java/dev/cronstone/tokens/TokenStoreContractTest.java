package dev.cronstone.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One cluster, one set of API tokens: two token stores on one database (as two nodes behind one
 * balancer) agree on the generated token, see each other's rotations and revokes. Run once per
 * database.
 */
abstract class TokenStoreContractTest {
  static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  protected abstract DatabaseExtension db();

  TokenStore node() {
    return new TokenStore(db().database().dataSource(), "test-store");
  }

  static boolean accepts(TokenStore store, String token, Instant now) {
    byte[] digest = TokenDigest.of(token);
    return store.live(now).stream().anyMatch(t -> t.matches(digest));
  }

  @Test
  void the_first_node_generates_the_token_and_a_second_node_accepts_the_same_one() {
    TokenStore a = node();
    TokenStore b = node();

    TokenStore.Start first = a.ensure(Optional.empty(), "node-a", T0);
    TokenStore.Start second = b.ensure(Optional.empty(), "node-b", T0.plusSeconds(1));

    assertThat(first).isInstanceOf(TokenStore.Start.Generated.class);
    String token = ((TokenStore.Start.Generated) first).issued().token();
    assertThat(java.util.Base64.getUrlDecoder().decode(token)).hasSize(32);
    assertThat(second)
        .isInstanceOfSatisfying(
            TokenStore.Start.Existing.class,
            e -> {
              assertThat(e.fileToken()).isFalse();
              assertThat(e.live())
                  .singleElement()
                  .satisfies(t -> assertThat(t.createdBy()).isEqualTo("node-a"));
            });
    assertThat(accepts(a, token, T0)).isTrue();
    assertThat(accepts(b, token, T0)).isTrue();
    assertThat(accepts(b, token + "x", T0)).isFalse();
    assertThat(b.live(T0)).extracting(LiveToken::name).containsExactly("api");
  }

  @Test
  void only_the_digest_is_stored_never_the_token() throws Exception {
    String token =
        ((TokenStore.Start.Generated) node().ensure(Optional.empty(), "node-a", T0))
            .issued()
            .token();
    StringBuilder all = new StringBuilder();
    try (Connection c = db().database().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM cs_api_token")) {
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          all.append(rs.getString(i)).append('|');
        }
      }
    }
    assertThat(all.toString()).doesNotContain(token).contains(TokenDigest.hex(token));
  }

  @Test
  void nodes_starting_together_agree_on_one_token() throws Exception {
    int nodes = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<TokenStore.Start>> starts = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        String id = "node-" + i;
        Callable<TokenStore.Start> start =
            () -> {
              go.await();
              return node().ensure(Optional.empty(), id, T0);
            };
        starts.add(pool.submit(start));
      }
      go.countDown();
      Set<String> generated = ConcurrentHashMap.newKeySet();
      for (Future<TokenStore.Start> f : starts) {
        if (f.get() instanceof TokenStore.Start.Generated g) {
          generated.add(g.issued().token());
        }
      }
      assertThat(generated).hasSize(1);
      assertThat(node().live(T0)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void an_old_token_file_is_adopted_once_but_a_revoked_token_never_comes_back() {
    TokenStore.Start adopted = node().ensure(Optional.of("token-from-an-old-file"), "node-a", T0);
    assertThat(adopted)
        .isInstanceOfSatisfying(
            TokenStore.Start.Generated.class,
            g -> assertThat(g.issued().token()).isEqualTo("token-from-an-old-file"));
    assertThat(node().ensure(Optional.of("token-from-an-old-file"), "node-b", T0))
        .isInstanceOfSatisfying(
            TokenStore.Start.Existing.class, e -> assertThat(e.fileToken()).isTrue());

    assertThat(node().revoke("api", T0.plusSeconds(5))).isTrue();

    TokenStore.Start after =
        node().ensure(Optional.of("token-from-an-old-file"), "node-a", T0.plusSeconds(6));
    assertThat(after)
        .isInstanceOfSatisfying(
            TokenStore.Start.Generated.class,
            g -> {
              assertThat(g.issued().token()).isNotEqualTo("token-from-an-old-file");
              assertThat(g.issued().name()).isEqualTo("api-20260501-100006");
            });
    assertThat(accepts(node(), "token-from-an-old-file", T0.plusSeconds(6))).isFalse();
  }

  @Test
  void rotation_keeps_the_old_token_valid_on_every_node_until_the_overlap_ends() {
    TokenStore a = node();
    TokenStore b = node();
    String old =
        ((TokenStore.Start.Generated) a.ensure(Optional.empty(), "node-a", T0)).issued().token();

    IssuedToken fresh =
        b.rotate(Optional.empty(), Duration.ofHours(1), "alice", T0.plusSeconds(60));

    assertThat(fresh.name()).isEqualTo("api-20260501-100100");
    assertThat(fresh.token()).isNotEqualTo(old);
    assertThat(fresh.toString()).doesNotContain(fresh.token());
    Instant during = T0.plusSeconds(60).plus(Duration.ofMinutes(59));
    assertThat(accepts(a, old, during)).isTrue();
    assertThat(accepts(a, fresh.token(), during)).isTrue();
    Instant after = T0.plusSeconds(60).plus(Duration.ofHours(1));
    assertThat(accepts(a, old, after)).isFalse();
    assertThat(accepts(b, fresh.token(), after)).isTrue();
    assertThat(a.list())
        .extracting(StoredToken::name, t -> t.expiresAt().orElse(null), StoredToken::createdBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", after, "node-a"),
            org.assertj.core.groups.Tuple.tuple("api-20260501-100100", null, "alice"));
  }

  @Test
  void a_second_rotation_never_extends_a_token_already_ending() {
    TokenStore a = node();
    a.ensure(Optional.empty(), "node-a", T0);
    a.rotate(Optional.of("second"), Duration.ofMinutes(10), "alice", T0);
    a.rotate(Optional.of("third"), Duration.ofHours(2), "alice", T0.plusSeconds(60));

    assertThat(a.list())
        .extracting(StoredToken::name, t -> t.expiresAt().orElse(null))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", T0.plus(Duration.ofMinutes(10))),
            org.assertj.core.groups.Tuple.tuple("second", T0.plusSeconds(60).plusSeconds(7200)),
            org.assertj.core.groups.Tuple.tuple("third", null));
  }

  @Test
  void revoke_ends_a_token_at_once_on_every_node() {
    TokenStore a = node();
    TokenStore b = node();
    String token =
        ((TokenStore.Start.Generated) a.ensure(Optional.empty(), "node-a", T0)).issued().token();
    IssuedToken ci = a.rotate(Optional.of("ci"), Duration.ofDays(1), "alice", T0);

    assertThat(b.revoke("api", T0.plusSeconds(10))).isTrue();
    assertThat(b.revoke("api", T0.plusSeconds(11))).isFalse();

    assertThat(accepts(a, token, T0.plusSeconds(10))).isFalse();
    assertThat(accepts(a, ci.token(), T0.plusSeconds(10))).isTrue();
    assertThatThrownBy(() -> a.revoke("nope", T0))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("no API token named 'nope'");
  }

  @Test
  void a_taken_or_malformed_name_is_refused_and_changes_nothing() {
    TokenStore a = node();
    a.ensure(Optional.empty(), "node-a", T0);
    for (String name : List.of("api", "bad name", "", "x".repeat(65))) {
      assertThatThrownBy(() -> a.rotate(Optional.of(name), Duration.ZERO, "alice", T0))
          .isInstanceOfSatisfying(
              CronstoneException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(a.live(T0.plusSeconds(1))).extracting(LiveToken::name).containsExactly("api");
  }
}
