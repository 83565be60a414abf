package dev.cronstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("../config/scheduler.yaml");

  private static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(name -> Optional.ofNullable(env.get(name)));
  }

  private static NodeConfig parse(String yaml) {
    return loader(Map.of()).parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static CronstoneException invalid(String yaml) {
    return catchThrowableOfType(CronstoneException.class, () -> parse(yaml));
  }

  @Test
  void shipped_config_writes_out_exactly_the_built_in_defaults() {
    assertThat(loader(Map.of()).load(SHIPPED)).isEqualTo(NodeConfig.defaults());
  }

  @Test
  void an_empty_file_means_every_default() {
    assertThat(parse("")).isEqualTo(NodeConfig.defaults());
    assertThat(parse("# only a comment\n")).isEqualTo(NodeConfig.defaults());
  }

  @Test
  void defaults_are_one_h2_node_with_the_example_jobs() {
    NodeConfig d = NodeConfig.defaults();
    assertThat(d.store().url()).isEqualTo("jdbc:h2:file:./data/cronstone;AUTO_SERVER=TRUE");
    assertThat(d.store().dialect()).isEqualTo("h2");
    assertThat(d.cluster().enabled()).isFalse();
    assertThat(d.scheduler().threads()).isEqualTo(25);
    assertThat(d.scheduler().misfireThreshold()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.scheduler().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.jobs().dir()).isEqualTo(Path.of("config/jobs"));
    assertThat(d.artifacts().maxOutputBytes()).isEqualTo(1024 * 1024);
    assertThat(d.artifacts().retention().keepLast()).isEmpty();
    assertThat(d.api().bind()).isEqualTo("127.0.0.1");
    assertThat(d.api().token()).isEmpty();
  }

  @Test
  void values_are_read_with_env_references_resolved() {
    NodeConfig c =
        loader(
                Map.of(
                    "DB_URL",
                    "jdbc:postgresql://db:5432/cron",
                    "DB_PASS",
                    "s3cret",
                    "JOBS_API_TOKEN",
                    "tok"))
            .parse(
                "c.yaml",
                """
                store: { url: "${env:DB_URL}", user: cron, password: "${env:DB_PASS}", maxPoolSize: 4 }
                cluster: { enabled: true, nodeId: node-a, checkinInterval: PT1S }
                scheduler: { threads: 8, misfireThreshold: PT5S, batchAcquire: 50, idleWait: PT2S, shutdownGrace: PT5S }
                jobs: { dir: /srv/jobs, syncOnStart: false, removeMissing: false }
                artifacts: { dir: /srv/runs, stdoutCap: 64KB, retention: { keepLast: 10, olderThan: P7D } }
                api: { bind: 0.0.0.0, port: 9090 }
                """
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(c.store())
        .isEqualTo(new StoreConfig("jdbc:postgresql://db:5432/cron", "cron", "s3cret", 4));
    assertThat(c.store().dialect()).isEqualTo("postgresql");
    assertThat(c.cluster()).isEqualTo(new ClusterConfig(true, "node-a", Duration.ofSeconds(1)));
    assertThat(c.scheduler())
        .isEqualTo(
            new SchedulerConfig(
                8, Duration.ofSeconds(5), 50, Duration.ofSeconds(2), Duration.ofSeconds(5)));
    assertThat(c.jobs()).isEqualTo(new JobsConfig(Path.of("/srv/jobs"), false, false));
    assertThat(c.artifacts().maxOutputBytes()).isEqualTo(64 * 1024);
    assertThat(c.artifacts().retention())
        .isEqualTo(new RetentionConfig(OptionalInt.of(10), Optional.of(Duration.ofDays(7))));
    assertThat(c.api().token()).contains("tok");
    assertThat(c.api().port()).isEqualTo(9090);
  }

  @Test
  void every_problem_is_reported_at_once_with_its_path() {
    CronstoneException e =
        invalid(
            """
            store: { url: "jdbc:mysql://x/y", maxPoolSize: 0 }
            cluster: { nodeId: "bad id!", checkinInterval: 2s }
            scheduler: { threads: many, idleWait: PT0.5S, misfireThreshold: PT0S }
            jobs: { syncOnStart: maybe }
            artifacts: { stdoutCap: 5TB, retention: { keepLast: 0 } }
            api: { port: 70000, tokn: x }
            colour: blue
            """);
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.details())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "colour",
            "store.url",
            "store.maxPoolSize",
            "cluster.nodeId",
            "cluster.checkinInterval",
            "scheduler.threads",
            "scheduler.idleWait",
            "scheduler.misfireThreshold",
            "jobs.syncOnStart",
            "artifacts.stdoutCap",
            "artifacts.retention.keepLast",
            "api.port",
            "api.tokn");
    assertThat(e.getMessage()).isEqualTo("13 problems in config test.yaml");
  }

  @Test
  void max_output_bytes_is_read_and_its_former_name_stdout_cap_still_works_but_not_both() {
    assertThat(parse("artifacts: { maxOutputBytes: 256KB }\n").artifacts().maxOutputBytes())
        .isEqualTo(256 * 1024);
    assertThat(parse("artifacts: { stdoutCap: 128KB }\n").artifacts().maxOutputBytes())
        .isEqualTo(128 * 1024);
    assertThat(invalid("artifacts: { maxOutputBytes: 1MB, stdoutCap: 1MB }\n").details())
        .extracting(Problem::path)
        .containsExactly("artifacts.stdoutCap");
    assertThat(invalid("artifacts: { maxOutputBytes: 5TB }\n").details())
        .extracting(Problem::path)
        .containsExactly("artifacts.maxOutputBytes");
  }

  @Test
  void a_section_of_the_wrong_shape_is_a_problem_not_a_crash() {
    assertThat(invalid("store: [1, 2]\napi: 8080\n").details())
        .extracting(Problem::path)
        .containsExactly("store", "api");
    assertThat(invalid("store: { url: { nested: true } }").details())
        .containsExactly(new Problem("store.url", "must be a single value, got object"));
  }

  @Test
  void hostile_files_get_one_root_problem() {
    assertThat(invalid("- a\n- b\n").details())
        .singleElement()
        .extracting(Problem::path)
        .isEqualTo("$");
    assertThat(invalid("store: {url: a\n").details())
        .singleElement()
        .extracting(Problem::path)
        .isEqualTo("$");
    assertThat(invalid("store: {}\nstore: {}\n").details())
        .singleElement()
        .extracting(Problem::path)
        .isEqualTo("$");
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
    assertThatThrownBy(() -> loader(Map.of()).parse("bin", binary))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e ->
                assertThat(e.details())
                    .containsExactly(Problem.root("config is not valid UTF-8 text")));
    byte[] huge =
        ("api: { bind: \"" + "x".repeat(ConfigLoader.MAX_BYTES) + "\" }")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            catchThrowableOfType(
                    CronstoneException.class, () -> loader(Map.of()).parse("big", huge))
                .details())
        .singleElement()
        .extracting(Problem::path)
        .isEqualTo("$");
    String bomb =
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    // Aliases are never expanded into a tree: the bomb is inert and just a set of unknown fields.
    assertThat(invalid(bomb).code()).isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void a_missing_file_is_config_invalid() {
    CronstoneException e =
        catchThrowableOfType(
            CronstoneException.class, () -> loader(Map.of()).load(Path.of("/nonexistent/x.yaml")));
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(e.details()).singleElement().extracting(Problem::path).isEqualTo("$");
  }

  @Test
  void jobs_config_env_names_the_file_when_no_flag_does(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, "api: { port: 9191 }\n");
    NodeConfig c = loader(Map.of("JOBS_CONFIG", file.toString())).resolve(Optional.empty());
    assertThat(c.api().port()).isEqualTo(9191);
  }

  @Test
  void secrets_never_appear_in_descriptions() {
    StoreConfig s =
        new StoreConfig("jdbc:postgresql://h/db?user=u&password=hunter2", "u", "hunter2", 3);
    assertThat(s.toString()).doesNotContain("hunter2").contains("password=***");
    assertThat(new ApiConfig("127.0.0.1", 1, Optional.of("tok-123")).toString())
        .doesNotContain("tok-123");
    assertThat(invalid("store: { url: \"jdbc:mysql://u:pw1234@h/db\" }").getMessage())
        .doesNotContain("pw1234");
  }

  @Test
  void api_tokens_have_names_and_a_token_file_may_be_set() {
    NodeConfig c =
        loader(Map.of("CI_TOKEN", "ci-secret"))
            .parse(
                "c.yaml",
                """
                api:
                  port: 0
                  token: main-secret
                  tokens: [ { name: ci, token: "${env:CI_TOKEN}" }, { name: ops, token: ops-secret } ]
                  tokenFile: /srv/cronstone/api-token
                """
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(c.api().port()).isZero();
    assertThat(c.api().configuredTokens())
        .containsExactly(
            new ApiConfig.NamedToken("api", "main-secret"),
            new ApiConfig.NamedToken("ci", "ci-secret"),
            new ApiConfig.NamedToken("ops", "ops-secret"));
    assertThat(c.api().tokenFile()).contains(Path.of("/srv/cronstone/api-token"));
    assertThat(c.api().toString()).doesNotContain("secret");
  }

  @Test
  void bad_api_tokens_are_problems_with_their_paths() {
    assertThat(
            invalid(
                    """
                    api:
                      tokens: [ { name: "bad name", token: x }, { name: ci, token: "" }, { name: ci, token: y, extra: 1 }, 7 ]
                    """)
                .details())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "api.tokens[0].name",
            "api.tokens[1].token",
            "api.tokens[2].name",
            "api.tokens[2].extra",
            "api.tokens[3]");
    assertThat(invalid("api: { tokens: ci }").details())
        .extracting(Problem::path)
        .containsExactly("api.tokens");
  }

  @Test
  void live_reload_is_on_by_default_and_its_keys_are_checked() {
    JobsConfig defaults =
        new ConfigLoader(name -> Optional.empty()).parse("c.yaml", new byte[0]).jobs();
    assertThat(defaults.watch()).isTrue();
    assertThat(defaults.rescanInterval()).isEqualTo(Duration.ofSeconds(30));
    JobsConfig set =
        new ConfigLoader(name -> Optional.empty())
            .parse(
                "c.yaml",
                "jobs: { watch: false, rescanInterval: PT5S }".getBytes(StandardCharsets.UTF_8))
            .jobs();
    assertThat(set.watch()).isFalse();
    assertThat(set.rescanInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(invalid("jobs: { watch: maybe, rescanInterval: PT0.5S }").details())
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "jobs.watch: must be true or false, got 'maybe'",
            "jobs.rescanInterval: must be between PT1S and PT24H, got PT0.5S");
    assertThat(invalid("jobs: { rescanInterval: soon }").details())
        .extracting(Problem::path)
        .containsExactly("jobs.rescanInterval");
  }

  @Test
  void dead_nodes_are_forgotten_after_seven_days_by_default_and_the_key_is_checked() {
    assertThat(NodeConfig.defaults().cluster().forgetAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(parse("cluster: { forgetAfter: P2D }").cluster().forgetAfter())
        .isEqualTo(Duration.ofDays(2));
    assertThat(invalid("cluster: { forgetAfter: PT5M }").details())
        .extracting(Problem::toString)
        .containsExactly("cluster.forgetAfter: must be between PT1H and PT87600H, got PT5M");
  }

  @Test
  void tls_takes_a_keystore_and_a_password_from_the_environment_never_shown() {
    NodeConfig c =
        loader(Map.of("KS_PASS", "ks-secret-99"))
            .parse(
                "c.yaml",
                """
                api:
                  tls: { keystore: /etc/cronstone/api.p12, password: "${env:KS_PASS}" }
                """
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(c.api().tls())
        .contains(new TlsConfig(Path.of("/etc/cronstone/api.p12"), "ks-secret-99"));
    assertThat(c.api().toString()).doesNotContain("ks-secret-99").contains("password=***");
    assertThat(parse("api: { tls: null }").api().tls()).isEmpty();
  }

  @Test
  void bad_tls_and_rate_limit_keys_are_problems_with_their_paths() {
    assertThat(
            invalid(
                    """
                    api:
                      tls: { password: "${env:UNSET}", cert: x }
                      rateLimit: { failures: 0, window: soon, blockFor: PT0S, delay: PT1M, burst: 3 }
                    """)
                .details())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "api.tls.keystore",
            "api.tls.password",
            "api.tls.cert",
            "api.rateLimit.failures",
            "api.rateLimit.window",
            "api.rateLimit.blockFor",
            "api.rateLimit.delay",
            "api.rateLimit.burst");
    assertThat(invalid("api: { tls: /etc/x.p12 }").details())
        .extracting(Problem::path)
        .containsExactly("api.tls");
  }

  @Test
  void rate_limits_default_to_ten_failures_a_minute_then_five_minutes_refused() {
    assertThat(NodeConfig.defaults().api().rateLimit())
        .isEqualTo(
            new RateLimitConfig(
                10, Duration.ofMinutes(1), Duration.ofMinutes(5), 3, Duration.ofSeconds(1)));
    assertThat(parse("api: { rateLimit: { failures: 20, blockFor: PT1H } }").api().rateLimit())
        .isEqualTo(
            new RateLimitConfig(
                20, Duration.ofMinutes(1), Duration.ofHours(1), 3, Duration.ofSeconds(1)));
  }

  @Test
  void trusted_proxies_default_to_none_and_take_addresses_and_cidr_blocks() {
    assertThat(NodeConfig.defaults().api().trustedProxies()).isEmpty();
    assertThat(
            parse("api: { trustedProxies: [10.0.0.0/8, 192.168.1.7, \"fd00::/8\"] }")
                .api()
                .trustedProxies())
        .containsExactly(
            AddressRange.parse("10.0.0.0/8"),
            AddressRange.parse("192.168.1.7/32"),
            AddressRange.parse("fd00::/8"));
    assertThat(
            loader(Map.of("PROXY", "172.16.0.0/12"))
                .parse(
                    "c.yaml",
                    "api: { trustedProxies: [\"${env:PROXY}\"] }".getBytes(StandardCharsets.UTF_8))
                .api()
                .trustedProxies())
        .containsExactly(AddressRange.parse("172.16.0.0/12"));
  }

  @Test
  void bad_trusted_proxies_are_problems_with_their_paths() {
    assertThat(
            invalid(
                    "api: { trustedProxies: [lb.example.com, 10.0.0.0/33, 300.1.1.1, \"::1/129\","
                        + " {a: 1}, 10.0.0.1/x, 127.0.0.1] }")
                .details())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "api.trustedProxies[0]",
            "api.trustedProxies[1]",
            "api.trustedProxies[2]",
            "api.trustedProxies[3]",
            "api.trustedProxies[4]",
            "api.trustedProxies[5]");
    assertThat(invalid("api: { trustedProxies: [lb.example.com] }").details())
        .extracting(Problem::toString)
        .containsExactly(
            "api.trustedProxies[0]: must be an IP address or a CIDR block such as 10.0.0.0/8 or"
                + " fd00::/8, got 'lb.example.com'");
    assertThat(invalid("api: { trustedProxies: 10.0.0.0/8 }").details())
        .extracting(Problem::path)
        .containsExactly("api.trustedProxies");
  }
}
