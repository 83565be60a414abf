package dev.cronstone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.AttemptKind;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.NodeProcess;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, cancel and graceful stop across real processes on one PostgreSQL database: node
 * processes ({@code jobs serve}, clustered) and the {@code jobs} command in other processes. Each
 * test has a database of its own; the test reads the ledger directly to see which node did what.
 */
class RetryCancelIT {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @TempDir Path dir;
  Path config;
  RunLedger ledger;
  final List<NodeProcess> processes = new ArrayList<>();

  @BeforeEach
  void writeJobs(TestInfo test) throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("flaky.yaml"),
        """
        id: flaky
        task: { type: command, command: ["/bin/sh", "-c", "echo failing >&2; exit 3"] }
        retry: { maxAttempts: 2, backoff: fixed, initialDelay: PT8S }
        """);
    Files.writeString(
        jobs.resolve("sleeper.yaml"),
        """
        id: sleeper
        task: { type: command, command: ["/bin/sh", "-c", "echo $$ > %s; exec sleep 60"] }
        limits: { timeout: PT5M }
        retry: { maxAttempts: 3, initialDelay: PT1S }
        """
            .formatted(dir.resolve("sleeper.pid")));
    Files.writeString(
        jobs.resolve("napper.yaml"),
        """
        id: napper
        task: { type: builtin, name: sleep, args: { duration: PT60S } }
        limits: { timeout: PT5M }
        """);
    TestDatabase db = DB.emptyDatabase();
    config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "", password: "" }
        cluster: { enabled: true, nodeId: AUTO, checkinInterval: PT1S }
        scheduler: { shutdownGrace: PT2S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: it-api-token }
        """
            .formatted(db.url(), jobs, dir.resolve("runs")));
    ledger = new RunLedger(db.dataSource(), Clock.systemUTC());
  }

  @AfterEach
  void stopProcesses() throws Exception {
    for (NodeProcess p : processes) {
      p.close();
    }
  }

  private NodeProcess node(String id) throws Exception {
    NodeProcess node = NodeProcess.serve(id, config, dir, Map.of());
    processes.add(node);
    return node;
  }

  private NodeProcess.Result jobs(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return NodeProcess.run(dir, "cli-" + args[0], all.toArray(String[]::new));
  }

  private RunId runNow(String job) throws Exception {
    NodeProcess.Result queued = jobs("run", job);
    assertThat(queued.exit()).as(queued.output()).isZero();
    return RunId.parse(queued.output().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  private Run run(RunId id) {
    return ledger.run(id).orElseThrow();
  }

  private boolean hasEvent(RunId id, String type) {
    return ledger.events(id, 0, 1000).stream().map(RunEvent::type).anyMatch(type::equals);
  }

  private Attempt runningAttempt(RunId id) {
    return ledger.attempts(id).stream().filter(Attempt::running).findFirst().orElse(null);
  }

  @Test
  void a_retry_runs_on_another_node_after_the_node_that_scheduled_it_is_killed() throws Exception {
    NodeProcess a = node("node-a").awaitRunning(Duration.ofSeconds(60));
    node("node-b").awaitRunning(Duration.ofSeconds(60));
    RunId id = runNow("flaky");
    await("attempt 1 fails and its retry is scheduled")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> hasEvent(id, "retry.scheduled"));
    String first = ledger.attempts(id).get(0).owner();
    NodeProcess scheduler = first.equals("node-a") ? a : processes.get(1);
    Instant killed = Instant.now();
    scheduler.kill();
    assertThat(run(id).status()).isEqualTo(RunStatus.RUNNING);
    Instant due = ledger.pendingRetry(id).orElseThrow();
    await("the survivor runs the retry and the run ends")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> run(id).status().terminal());
    List<Attempt> attempts = ledger.attempts(id);
    String survivor = first.equals("node-a") ? "node-b" : "node-a";
    assertThat(attempts)
        .extracting(Attempt::attemptNo, Attempt::kind, Attempt::owner)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(1, AttemptKind.FIRST, first),
            org.assertj.core.api.Assertions.tuple(2, AttemptKind.RETRY, survivor));
    Run ended = run(id);
    assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
    assertThat(ended.error().orElseThrow().error().code()).isEqualTo("job_retry_exhausted");
    assertThat(ended.error().orElseThrow().error().details().get(0).problem())
        .startsWith("job_failed: ");
    System.out.printf(
        "retry after kill: killed %s at %s, retry due %s, started on %s at %s (%d ms after due)%n",
        first,
        killed,
        due,
        survivor,
        attempts.get(1).startedAt(),
        Duration.between(due, attempts.get(1).startedAt()).toMillis());
    assertThat(attempts.get(1).startedAt()).isAfterOrEqualTo(due);
  }

  @Test
  void cancel_from_another_process_stops_a_command_and_a_builtin_sleep_on_their_node()
      throws Exception {
    node("node-a").awaitRunning(Duration.ofSeconds(60));
    RunId command = runNow("sleeper");
    RunId builtin = runNow("napper");
    Path pidFile = dir.resolve("sleeper.pid");
    await("both attempts run")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                runningAttempt(command) != null
                    && runningAttempt(builtin) != null
                    && Files.exists(pidFile)
                    && !Files.readString(pidFile).isBlank());
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    for (RunId id : List.of(command, builtin)) {
      Instant asked = Instant.now();
      NodeProcess.Result cancel = jobs("cancel", id.toString());
      assertThat(cancel.exit()).as(cancel.output()).isZero();
      assertThat(cancel.output()).contains("cancel of " + id + " requested").contains("on node-a");
      await(id + " cancelled")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> run(id).status().terminal());
      Run ended = run(id);
      System.out.printf(
          "cancel of %s: requested %s, run ended %s (%d ms after the cancel command started)%n",
          id,
          asked,
          ended.endedAt().orElseThrow(),
          Duration.between(asked, ended.endedAt().orElseThrow()).toMillis());
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(ended.reason()).contains("operator");
      assertThat(ended.error().orElseThrow().error().code()).isEqualTo("job_cancelled");
      assertThat(ledger.attempts(id)).hasSize(1); // not retried
      assertThat(ledger.cancelRequest(id).orElseThrow().requestedBy())
          .isEqualTo(System.getProperty("user.name"));
      assertThat(hasEvent(id, "cancel.requested")).isTrue();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    NodeProcess.Result again = jobs("cancel", command.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.output()).contains("invalid_argument").contains("has ended (cancelled");
    NodeProcess.Result unknown = jobs("cancel", "sleeper#999");
    assertThat(unknown.exit()).as(unknown.output()).isEqualTo(3);
    assertThat(unknown.output()).contains("job_not_found");
  }

  @Test
  void cancelling_a_queued_run_ends_it_at_once_and_removes_its_trigger() throws Exception {
    // No node runs: the run stays queued, its one-shot trigger waiting in the store.
    assertThat(jobs("sync").exit()).isZero();
    RunId id = runNow("napper");
    assertThat(jobs("store", "triggers").output()).contains(id.toString());
    NodeProcess.Result cancel = jobs("cancel", id.toString(), "--output", "json");
    assertThat(cancel.exit()).as(cancel.output()).isZero();
    assertThat(cancel.output())
        .contains("\"endedNow\" : true")
        .contains("\"status\" : \"cancelled\"")
        .contains("\"reason\" : \"operator\"");
    assertThat(jobs("store", "triggers").output()).doesNotContain(id.toString());
    node("node-a").awaitRunning(Duration.ofSeconds(60));
    assertThat(run(id).status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run(id).attempts()).isZero();
  }

  @Test
  void sigterm_lets_an_attempt_run_for_the_grace_then_cancels_it_with_reason_shutdown()
      throws Exception {
    NodeProcess a = node("node-a").awaitRunning(Duration.ofSeconds(60));
    RunId id = runNow("napper");
    await("the attempt runs")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> runningAttempt(id) != null);
    Instant term = Instant.now();
    a.stop(Duration.ofSeconds(60)); // 143: the JVM exits on SIGTERM after its shutdown hook
    Duration took = Duration.between(term, Instant.now());
    Run ended = run(id);
    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.reason()).contains("shutdown");
    assertThat(ended.error().orElseThrow().error().code()).isEqualTo("job_cancelled");
    assertThat(Duration.between(term, ended.endedAt().orElseThrow()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(a.output()).contains("did not finish within PT2S");
    System.out.printf(
        "graceful stop: node exited %d ms after SIGTERM (grace PT2S)%n", took.toMillis());
    assertThat(Optional.ofNullable(runningAttempt(id))).isEmpty();
  }
}
