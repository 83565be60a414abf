package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.config.RetentionConfig;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.execution.TaskExecutor;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.OutputChunk;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What command tasks print, captured while they run, masked and bounded, in the store per attempt
 * (run once per database by the subclasses).
 */
abstract class TaskOutputContractTest {
  static final Instant T0 = Instant.parse("2026-03-29T01:30:00Z");
  static final String SECRET = "hunter2-very-secret-value";
  static final int BOUND = 64 * 1024;

  final MutableClock clock = new MutableClock(T0);
  @TempDir Path artifacts;
  RunLedger ledger;
  RunDriver driver;
  ArtifactWriter writer;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void createDriver() {
    ledger = new RunLedger(db().database().dataSource(), clock);
    Map<String, String> env = Map.of("TOKEN", SECRET);
    writer =
        new ArtifactWriter(
            new ArtifactsConfig(
                artifacts, BOUND, new RetentionConfig(OptionalInt.empty(), Optional.empty())),
            dev.cronstone.artifacts.ArtifactsOwnerFixture.OWNER);
    driver =
        new RunDriver(
            "node-a",
            ledger,
            new TaskExecutor(name -> Optional.ofNullable(env.get(name)), BOUND),
            writer,
            name -> Optional.ofNullable(env.get(name)),
            (run, attemptNo, at) -> {},
            waiting -> {},
            clock);
  }

  JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("job.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  Run run(JobSpec spec) throws InterruptedException {
    Run queued =
        ledger.openManual(spec.id(), RunKind.MANUAL, clock.instant(), Optional.empty(), "tester");
    return driver.run(spec, queued, AttemptKind.FIRST);
  }

  List<OutputChunk> output(RunId id, int attempt, Optional<String> stream) {
    List<OutputChunk> all = new ArrayList<>();
    int after = 0;
    while (true) {
      List<OutputChunk> page = ledger.output(id, attempt, stream, after, 100);
      all.addAll(page);
      if (page.size() < 100) {
        return all;
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  static String text(List<OutputChunk> chunks) {
    StringBuilder b = new StringBuilder();
    chunks.forEach(c -> b.append(c.text()));
    return b.toString();
  }

  int rows() throws Exception {
    try (Connection c = db().database().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cs_output")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void stdout_and_stderr_are_in_the_store_in_order_when_the_attempt_ends() throws Exception {
    Run run =
        run(
            spec(
                """
        id: talk
        task:
          type: command
          command: ["/bin/sh", "-c", "echo one; echo oops >&2; printf 'two\\nno end'; exit 3"]
        """));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    List<OutputChunk> all = output(run.id(), 1, Optional.empty());
    assertThat(all).extracting(OutputChunk::seq).isSorted().doesNotHaveDuplicates();
    assertThat(text(output(run.id(), 1, Optional.of("stdout")))).isEqualTo("one\ntwo\nno end");
    assertThat(text(output(run.id(), 1, Optional.of("stderr")))).isEqualTo("oops\n");
    int last = all.get(all.size() - 1).seq();
    assertThat(ledger.output(run.id(), 1, Optional.empty(), last, 100)).isEmpty();
  }

  @Test
  void the_summary_and_receipt_of_a_failed_attempt_quote_its_stderr_tail_masked() throws Exception {
    Run run =
        run(
            spec(
                """
        id: failing
        task:
          type: command
          command: ["/bin/sh", "-c", "seq 1 50 >&2; echo bad $T >&2; exit 2"]
          env: { T: "${env:TOKEN}" }
        """));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    Path folder = writer.folder(run.id());
    String summary = java.nio.file.Files.readString(folder.resolve(ArtifactWriter.SUMMARY));
    assertThat(summary)
        .contains("## stderr of attempt 1 (its last lines)")
        .contains("32\n33\n")
        .contains("bad ***")
        .doesNotContain("\n31\n")
        .doesNotContain(SECRET);
    var receipt =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(folder.resolve(ArtifactWriter.RECEIPT).toFile())
            .path("stderrTail");
    assertThat(receipt.path("attemptNo").asInt()).isEqualTo(1);
    assertThat(receipt.path("truncated").asBoolean()).isTrue();
    assertThat(receipt.path("text").asText()).startsWith("32\n").endsWith("50\nbad ***");

    Run ok =
        run(
            spec(
                "id: fine\ntask: { type: command, command: [\"/bin/sh\", \"-c\", \"echo x >&2\"] }\n"));
    var none =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(writer.folder(ok.id()).resolve(ArtifactWriter.RECEIPT).toFile());
    assertThat(none.has("stderrTail")).isTrue();
    assertThat(none.path("stderrTail").isNull()).isTrue();
  }

  @Test
  void progress_as_items_carries_both_numbers_and_the_percentage() throws Exception {
    Run run =
        run(
            spec(
                """
        id: items
        task:
          type: command
          command: ["/bin/sh", "-c", "echo '::progress 3/10 copying'; echo '::progress 11/10'; echo '::progress 40'"]
        """));
    List<Map<String, String>> progress =
        ledger.events(run.id(), 0, 100).stream()
            .filter(e -> e.type().equals("progress"))
            .map(e -> e.data())
            .toList();
    assertThat(progress)
        .containsExactly(
            Map.of("percent", "30", "done", "3", "total", "10"), Map.of("percent", "40"));
    assertThat(
            ledger.events(run.id(), 0, 100).stream()
                .filter(e -> e.type().equals("progress"))
                .findFirst()
                .orElseThrow()
                .message())
        .isEqualTo("copying");
  }

  @Test
  void a_task_that_prints_nothing_writes_no_row() throws Exception {
    run(
        spec(
            """
        id: quiet
        task: { type: command, command: ["/bin/true"] }
        """));
    run(
        spec(
            """
        id: noop
        task: { type: builtin, name: noop }
        """));
    assertThat(rows()).isZero();
  }

  @Test
  void each_attempt_keeps_its_own_output() throws Exception {
    JobSpec spec =
        spec(
            """
        id: flaky
        task: { type: command, command: ["/bin/sh", "-c", "echo attempt $$; exit 1"] }
        retry: { maxAttempts: 2, backoff: fixed, initialDelay: PT1S }
        """);
    Run run = run(spec);
    clock.set(ledger.pendingRetry(run.id()).orElseThrow());
    driver.fired(spec, new FireRequest(clock.instant(), OptionalLong.of(run.id().runNo()), false));
    assertThat(ledger.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    String first = text(output(run.id(), 1, Optional.empty()));
    String again = text(output(run.id(), 2, Optional.empty()));
    assertThat(first).startsWith("attempt ");
    assertThat(again).startsWith("attempt ").isNotEqualTo(first);
  }

  @Test
  void hostile_output_stays_within_the_bound_and_secrets_are_masked() throws Exception {
    Run run =
        run(
            spec(
                """
        id: hostile
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              echo "token is $T"; echo "$T" >&2;
              head -c 1048576 /dev/zero | tr '\\0' x; echo;
              head -c 200000 /dev/urandom >&2;
              head -c 20000000 /dev/zero | tr '\\0' 'y'
          env: { T: "${env:TOKEN}" }
        """));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    String stdout = text(output(run.id(), 1, Optional.of("stdout")));
    String stderr = text(output(run.id(), 1, Optional.of("stderr")));
    assertThat(stdout).startsWith("token is ***\n").doesNotContain(SECRET);
    assertThat(stderr).startsWith("***\n").doesNotContain(SECRET).doesNotContain("\0");
    for (String text : List.of(stdout, stderr)) {
      String mark = "\n[cronstone] output truncated: ";
      assertThat(text).contains(mark);
      String kept = text.substring(0, text.lastIndexOf(mark));
      assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(BOUND);
    }
    assertThat(stdout).contains("more bytes dropped past artifacts.maxOutputBytes (65536)");
    assertThat(output(run.id(), 1, Optional.empty()))
        .allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(16 * 1024));
  }

  @Test
  void a_secret_across_the_8k_split_of_a_very_long_line_is_masked() throws Exception {
    // The line is cut in pieces of 8192 bytes: the secret starts 10 bytes before the cut.
    Run run =
        run(
            spec(
                """
        id: long-line
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              head -c 8182 /dev/zero | tr '\\0' x; printf '%s' "$T";
              head -c 20000 /dev/zero | tr '\\0' y; printf '%s' "$T"; echo end
          env: { T: "${env:TOKEN}" }
        """));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    String stdout = text(output(run.id(), 1, Optional.of("stdout")));
    assertThat(stdout)
        .doesNotContain(SECRET)
        .isEqualTo("x".repeat(8182) + "***" + "y".repeat(20000) + "***end\n");
  }

  @Test
  void a_task_printing_100_mb_keeps_the_head_within_the_bound_and_the_mark() throws Exception {
    Run run =
        run(
            spec(
                """
        id: flood
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              head -c 100000000 /dev/zero | tr '\\0' z;
              yes ' a line' | head -c 1000000 >&2
        limits: { timeout: PT2M }
        """));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    String stdout = text(output(run.id(), 1, Optional.of("stdout")));
    String mark = "\n[cronstone] output truncated: ";
    assertThat(stdout)
        .startsWith("z".repeat(1000))
        .endsWith(
            " "
                + (100_000_000 - BOUND)
                + " more bytes dropped past artifacts.maxOutputBytes ("
                + BOUND
                + ")\n");
    assertThat(stdout.substring(0, stdout.indexOf(mark))).isEqualTo("z".repeat(BOUND));
    String stderr = text(output(run.id(), 1, Optional.of("stderr")));
    assertThat(stderr.substring(0, stderr.indexOf(mark)).getBytes(StandardCharsets.UTF_8))
        .hasSize(BOUND);
    assertThat(stderr).contains((1_000_000 - BOUND) + " more bytes dropped");
    // what went to the store is bounded: a few chunks, not 100 MB of rows
    assertThat(rows()).isLessThan(100);
  }

  @Test
  void a_builtin_task_prints_its_message_through_the_same_path() throws Exception {
    Run echo =
        run(
            spec(
                "id: says\ntask: { type: builtin, name: echo, args: { message: 'hello there' } }\n"));
    assertThat(text(output(echo.id(), 1, Optional.of("stdout")))).isEqualTo("hello there\n");
    Run fail =
        run(
            spec(
                "id: breaks\ntask: { type: builtin, name: fail, args: { message: 'it broke' } }\n"));
    assertThat(fail.status()).isEqualTo(RunStatus.FAILED);
    assertThat(text(output(fail.id(), 1, Optional.of("stderr")))).isEqualTo("it broke\n");
    Run nap =
        run(spec("id: nap\ntask: { type: builtin, name: sleep, args: { duration: PT0.1S } }\n"));
    assertThat(text(output(nap.id(), 1, Optional.empty()))).isEqualTo("sleeping 100 ms\n");
  }

  @Test
  void an_http_task_prints_its_request_line_status_and_bounded_body_masked() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    byte[] big =
        ("{\"echo\":\"" + SECRET + "\"}\n" + "b".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/hook",
        exchange -> {
          int status = exchange.getRequestURI().getPath().endsWith("/down") ? 503 : 200;
          exchange.sendResponseHeaders(status, big.length);
          try (var body = exchange.getResponseBody()) {
            body.write(big);
          }
        });
    server.start();
    try {
      int port = server.getAddress().getPort();
      Run ok =
          run(
              spec(
                  """
          id: hook
          task: { type: http, url: "http://127.0.0.1:%d/hook/up?token=${env:TOKEN}" }
          """
                      .formatted(port)));
      assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
      String stdout = text(output(ok.id(), 1, Optional.of("stdout")));
      assertThat(stdout)
          .startsWith("> GET http://127.0.0.1:" + port + "/hook/up\n< 200\n{\"echo\":\"***\"}\nbbb")
          .doesNotContain(SECRET)
          .contains("more bytes dropped past artifacts.maxOutputBytes (" + BOUND + ")");
      assertThat(text(output(ok.id(), 1, Optional.of("stderr")))).isEmpty();
      Run down =
          run(
              spec(
                  "id: hook-down\ntask: { type: http, url: \"http://127.0.0.1:%d/hook/down\" }\n"
                      .formatted(port)));
      assertThat(down.status()).isEqualTo(RunStatus.FAILED);
      assertThat(text(output(down.id(), 1, Optional.of("stdout"))))
          .startsWith("> GET http://127.0.0.1:" + port + "/hook/down\n< 503\n");
      assertThat(text(output(down.id(), 1, Optional.of("stderr"))))
          .isEqualTo("GET http://127.0.0.1:" + port + "/hook/down answered 503\n");
    } finally {
      server.stop(0);
    }
  }
}
