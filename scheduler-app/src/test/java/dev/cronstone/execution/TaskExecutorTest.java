package dev.cronstone.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskExecutorTest {
  private static final Instant FIRE = Instant.parse("2026-03-29T01:30:00Z");
  private static final Map<String, String> ENV = Map.of("API_TOKEN", "t0k3n-secret");

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private TaskExecutor executor =
      new TaskExecutor(name -> Optional.ofNullable(ENV.get(name)), 4096);

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static JobSpec spec(String yaml) {
    SpecFile file =
        new SpecLoader(Clock.systemUTC()).parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(file.problems()).isEmpty();
    return file.spec().orElseThrow();
  }

  private Outcome run(String yaml) throws InterruptedException {
    JobSpec job = spec(yaml);
    // A fire shifted by Berlin's spring-forward gap: scheduled 02:30 local, fired at 03:30 CEST.
    FireContext fire =
        new FireContext(
            job.id(),
            "node-t",
            FIRE,
            Optional.of(LocalDateTime.parse("2026-03-29T02:30")),
            ZoneId.of("Europe/Berlin"),
            job.limits().timeout());
    return executor.execute(job, fire);
  }

  @Test
  void a_command_gets_its_argv_placeholders_env_and_parameters() throws Exception {
    Outcome o =
        run(
            """
        id: cmd
        task:
          type: command
          command: ["/usr/bin/env"]
          env: { GREETING: "day ${fireDate} at ${fireLocalTime} id ${jobId}", TOKEN: "${env:API_TOKEN}" }
        parameters: { batch: 5 }
        """);
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.exitCode()).contains(0);
    assertThat(o.output().stdout())
        .contains("GREETING=day 2026-03-29 at 2026-03-29T02:30:00 id cmd")
        .contains("TOKEN=t0k3n-secret")
        .contains("JOBS_PARAMETERS={\"batch\":5}")
        .contains("JOBS_JOB_ID=cmd")
        .contains("JOBS_FIRE_TIME=2026-03-29T01:30:00Z");
  }

  @Test
  void a_command_gets_its_batch_size_as_a_placeholder_and_in_its_environment() throws Exception {
    Outcome o =
        run(
            """
        id: load
        task:
          type: command
          command: ["/bin/sh", "-c", "echo \\"arg=$1 env=$CRONSTONE_BATCH_SIZE literal=$2\\"", "sh", "${batchSize}", "$${batchSize}"]
          env: { SIZE_AGAIN: "n=${batchSize}" }
        limits: { batchSize: 500 }
        """);
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).isEqualTo("arg=500 env=500 literal=${batchSize}\n");

    Outcome env =
        run(
            "id: load\ntask: {type: command, command: [/usr/bin/env]}\n"
                + "limits: {batchSize: 25}\n");
    assertThat(env.output().stdout()).contains("CRONSTONE_BATCH_SIZE=25\n");
  }

  @Test
  void without_a_batch_size_a_command_gets_no_cronstone_batch_size() throws Exception {
    Outcome o = run("id: plain\ntask: {type: command, command: [/usr/bin/env]}\n");

    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout())
        .contains("JOBS_JOB_ID=plain")
        .doesNotContain("CRONSTONE_BATCH_SIZE");
  }

  @Test
  void arguments_are_never_interpreted_by_a_shell() throws Exception {
    Path marker = dir.resolve("pwned");
    Outcome o =
        run(
            """
        id: cmd
        task: { type: command, command: ["/bin/echo", "; touch %s", "$(touch %s)"] }
        """
                .formatted(marker, marker));
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).isEqualTo("; touch " + marker + " $(touch " + marker + ")\n");
    assertThat(marker).doesNotExist();
  }

  @Test
  void shell_metacharacters_in_argv_reach_the_program_literally() throws Exception {
    Path marker = dir.resolve("pwned");
    List<String> hostile =
        List.of(
            "a|touch " + marker,
            "b && touch " + marker,
            "`touch " + marker + "`",
            "> " + marker,
            "*",
            "~",
            "$HOME",
            "c;d",
            "'quoted'",
            "\"dq\"",
            "e\\nf");
    StringBuilder argv = new StringBuilder("\"/usr/bin/printf\", \"%s|\"");
    for (String arg : hostile) {
      argv.append(", ")
          .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(arg));
    }
    Outcome o = run("id: cmd\ntask: { type: command, command: [" + argv + "] }\n");
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).isEqualTo(String.join("|", hostile) + "|");
    assertThat(marker).doesNotExist();
  }

  @Test
  void progress_lines_on_stdout_reach_the_observer_in_order() throws Exception {
    JobSpec job =
        spec(
            """
        id: p
        task: { type: command, command: ["/bin/sh", "-c", "echo ::progress 10 start; echo not progress; printf '::progress 60 copying files\\r\\n'; echo '::progress 101 too far'; echo ::progress 100"] }
        """);
    List<String> seen = new CopyOnWriteArrayList<>();
    FireContext fire =
        new FireContext(
            "p", "node-t", FIRE, Optional.empty(), ZoneId.of("UTC"), Duration.ofSeconds(30));
    Outcome o =
        executor.execute(job, fire, (percent, message) -> seen.add(percent + ":" + message));
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(seen).containsExactly("10:start", "60:copying files", "100:");
  }

  @Test
  void a_progress_line_that_cannot_be_recorded_never_cuts_the_tasks_output() throws Exception {
    // The store closed under a stopping node: the observer throws. Reading must go on, or the
    // task dies of SIGPIPE (exit 141) at its next write.
    JobSpec job =
        spec(
            """
        id: p
        task: { type: command, command: ["/bin/sh", "-c", "echo ::progress 10 start; sleep 0.3; for i in $(seq 1 2000); do echo line $i; done"] }
        """);
    FireContext fire =
        new FireContext(
            "p", "node-t", FIRE, Optional.empty(), ZoneId.of("UTC"), Duration.ofSeconds(30));
    Outcome o =
        executor.execute(
            job,
            fire,
            (percent, message) -> {
              throw new IllegalStateException("Database is already closed");
            });
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.output().stdout()).endsWith("line 1999\nline 2000\n");
  }

  @Test
  void a_missing_binary_and_a_non_zero_exit_fail_with_the_reason() throws Exception {
    Outcome missing = run("id: c\ntask: { type: command, command: [\"/nonexistent/tool\"] }\n");
    assertThat(missing.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(missing.detail())
        .startsWith("cannot start /nonexistent/tool")
        .contains("No such file");
    Outcome exit3 =
        run(
            "id: c\ntask: { type: command, command: [\"/bin/sh\", \"-c\", \"echo oops >&2; exit 3\"] }\n");
    assertThat(exit3.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(exit3.exitCode()).contains(3);
    assertThat(exit3.output().stderr()).isEqualTo("oops\n");
  }

  @Test
  void output_keeps_the_tail_when_it_passes_the_cap() throws Exception {
    executor = new TaskExecutor(name -> Optional.empty(), 64);
    Outcome o =
        run("id: c\ntask: { type: command, command: [\"/usr/bin/seq\", \"1\", \"1000\"] }\n");
    assertThat(o.output().truncated()).isTrue();
    assertThat(o.output().stdout()).hasSize(64).endsWith("998\n999\n1000\n");
  }

  @Test
  void a_command_past_its_timeout_is_stopped_with_its_children() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Outcome o =
        run(
            """
        id: slow
        task: { type: command, command: ["/bin/sh", "-c", "sleep 30 & echo $! > %s; wait"] }
        limits: { timeout: PT1S }
        """
                .formatted(pidFile));
    assertThat(o.status()).isEqualTo(Outcome.Status.TIMED_OUT);
    long child = Long.parseLong(Files.readString(pidFile).trim());
    await("the task's child process ends")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void background_processes_a_task_leaves_in_its_group_are_stopped_when_it_exits()
      throws Exception {
    Path pidFile = dir.resolve("leftover.pid");
    Outcome o =
        run(
            """
        id: leaves
        task: { type: command, command: ["/bin/sh", "-c", "sleep 300 > /dev/null 2>&1 & echo $! > %s; exit 0"] }
        """
                .formatted(pidFile));
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.exitCode()).contains(0);
    long leftover = Long.parseLong(Files.readString(pidFile).trim());
    await("the leftover background process ends")
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcStat.of(leftover).map(ProcStat::zombie).orElse(true));
  }

  @Test
  void an_unset_secret_fails_the_attempt_and_names_the_variable() throws Exception {
    Outcome o =
        run(
            "id: c\ntask: { type: command, command: [\"/bin/true\"], env: { X: \"${env:NOT_SET_ANYWHERE}\" } }\n");
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.detail()).isEqualTo("environment variable NOT_SET_ANYWHERE is not set");
  }

  private int serve(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " body="
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  @Test
  void an_http_task_sends_its_request_and_succeeds_on_an_expected_status() throws Exception {
    int port = serve(204);
    Outcome o =
        run(
            """
        id: h
        task:
          type: http
          url: "http://127.0.0.1:%d/hook/${jobId}"
          method: POST
          headers: { Authorization: "Bearer ${env:API_TOKEN}" }
          body: '{"day": "${fireDate}"}'
          expectStatus: [200, 204]
        """
                .formatted(port));
    assertThat(o.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(o.exitCode()).contains(204);
    assertThat(requests)
        .containsExactly("POST /hook/h auth=Bearer t0k3n-secret body={\"day\": \"2026-03-29\"}");
  }

  @Test
  void an_http_task_gets_its_batch_size_in_the_url_and_body() throws Exception {
    int port = serve(200);
    Outcome o =
        run(
            """
        id: h
        task:
          type: http
          url: "http://127.0.0.1:%d/load?size=${batchSize}"
          method: POST
          body: '{"batch": ${batchSize}}'
        limits: { batchSize: 1000 }
        """
                .formatted(port));
    assertThat(o.status()).as(o.detail()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(requests).containsExactly("POST /load?size=1000 auth=null body={\"batch\": 1000}");
  }

  @Test
  void an_http_500_and_a_refused_connection_fail() throws Exception {
    int port = serve(500);
    Outcome o =
        run("id: h\ntask: { type: http, url: \"http://127.0.0.1:%d/x\" }\n".formatted(port));
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.detail()).isEqualTo("GET http://127.0.0.1:" + port + "/x answered 500");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Outcome refused =
        run("id: h\ntask: { type: http, url: \"http://127.0.0.1:%d/x\" }\n".formatted(closed));
    assertThat(refused.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(refused.detail()).contains("connection refused");
  }

  @Test
  void an_answer_whose_body_is_still_coming_at_the_timeout_times_out() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked: the body drips for up to 30 s
          try (var body = exchange.getResponseBody()) {
            for (int i = 0; i < 300; i++) {
              body.write(("drip " + i + "\n").getBytes(StandardCharsets.UTF_8));
              body.flush();
              Thread.sleep(100);
            }
          } catch (IOException | InterruptedException gone) {
            // the client went away
          }
        });
    server.start();
    int port = server.getAddress().getPort();
    List<String> heard = new CopyOnWriteArrayList<>();
    JobSpec job =
        spec(
            "id: h\ntask: { type: http, url: \"http://127.0.0.1:%d/slow\" }\nlimits: { timeout: PT1S }\n"
                .formatted(port));
    FireContext fire =
        new FireContext(
            job.id(), "node-t", FIRE, Optional.empty(), ZoneId.of("UTC"), job.limits().timeout());
    Outcome o = executor.execute(job, fire, TaskObserver.NONE, (stream, text) -> heard.add(text));
    assertThat(o.status()).isEqualTo(Outcome.Status.TIMED_OUT);
    assertThat(o.detail())
        .isEqualTo("GET http://127.0.0.1:" + port + "/slow did not finish its answer within 1.0 s");
    assertThat(String.join("", heard)).contains("< 200\ndrip 0\n").contains("did not finish");
  }

  @Test
  void builtins_noop_echo_fail_and_sleep() throws Exception {
    assertThat(run("id: b\ntask: { type: builtin, name: noop }\n").status())
        .isEqualTo(Outcome.Status.SUCCEEDED);
    Outcome echo = run("id: b\ntask: { type: builtin, name: echo, args: { message: hello } }\n");
    assertThat(echo.output().stdout()).isEqualTo("hello\n");
    Outcome fail = run("id: b\ntask: { type: builtin, name: fail, args: { message: broken } }\n");
    assertThat(fail.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(fail.detail()).isEqualTo("broken");
    Outcome sleep =
        run(
            "id: b\ntask: { type: builtin, name: sleep, args: { duration: PT5S } }\nlimits: { timeout: PT1S }\n");
    assertThat(sleep.status()).isEqualTo(Outcome.Status.TIMED_OUT);
  }
}
