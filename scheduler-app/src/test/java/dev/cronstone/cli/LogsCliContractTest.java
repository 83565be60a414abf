package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs logs}: what a run's task printed, read from the store by a process that did not run
 * it (the run ran in an earlier {@code run --local}). Run once per database.
 */
abstract class LogsCliContractTest {
  static final String SECRET = "sup3r-secret-token";

  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void folder() throws IOException {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    config = dir.resolve("scheduler.yaml");
    StoreConfig store = db().database().storeConfig();
    Files.writeString(
        config,
        "store: { url: \""
            + store.url()
            + "\", user: \""
            + store.user()
            + "\", password: \""
            + store.password()
            + "\" }\njobs: { dir: \""
            + jobs
            + "\" }\nartifacts: { dir: \""
            + dir.resolve("runs")
            + "\" }\n");
    Files.writeString(
        jobs.resolve("talk.yaml"),
        """
        id: talk
        task:
          type: command
          command: ["/bin/sh", "-c", "echo hello; echo key $T; echo oops >&2; exit 3"]
          env: { T: "${env:TOKEN}" }
        """);
    Files.writeString(
        jobs.resolve("slow.yaml"),
        """
        id: slow
        task: { type: command, command: ["/bin/sh", "-c", "echo a; sleep 2; echo b"] }
        """);
    CliRun sync = jobs("sync");
    assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(Clock.systemUTC(), Map.of("TOKEN", SECRET), all.toArray(String[]::new));
  }

  @Test
  void logs_prints_stdout_and_stderr_of_a_job_latest_run_with_secrets_masked() {
    CliRun local = jobs("run", "talk", "--local");
    assertThat(local.exit()).as(local.err()).isNotZero();

    CliRun logs = jobs("logs", "talk");
    assertThat(logs.exit()).as(logs.err()).isZero();
    assertThat(logs.out()).isEqualTo("hello\nkey ***\n");
    assertThat(logs.err()).isEqualTo("oops\n");

    CliRun stderr = jobs("logs", "talk#1", "--stream", "stderr", "--attempt", "1");
    assertThat(stderr.out()).isEqualTo("oops\n");
    assertThat(stderr.err()).isEmpty();

    CliRun json = jobs("--output", "json", "logs", "talk#1", "--stream", "stdout");
    assertThat(json.out()).contains("\"stream\":\"stdout\"").doesNotContain(SECRET);

    CliRun followEnded = jobs("logs", "talk", "--follow");
    assertThat(followEnded.exit()).isZero();
    assertThat(followEnded.out()).isEqualTo("hello\nkey ***\n");
  }

  @Test
  void logs_refuses_what_is_not_there() {
    jobs("run", "talk", "--local");
    assertThat(jobs("logs", "talk#1", "--attempt", "2").exit()).isEqualTo(2);
    assertThat(jobs("logs", "talk#9").exit()).isEqualTo(3);
    assertThat(jobs("logs", "talk", "--stream", "both").exit()).isEqualTo(2);
    CliRun none = jobs("logs", "slow");
    assertThat(none.exit()).isZero();
    assertThat(none.err()).contains("slow has no runs yet");
  }

  @Test
  void follow_prints_the_output_as_the_task_prints_it_until_the_attempt_ends() {
    CompletableFuture<CliRun> local =
        CompletableFuture.supplyAsync(() -> jobs("run", "slow", "--local"));
    RunLedger ledger = new RunLedger(db().database().dataSource(), Clock.systemUTC());
    RunId id = new RunId("slow", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ledger.run(id).map(r -> r.status() == RunStatus.RUNNING).orElse(false)
                    && !ledger.output(id, 1, java.util.Optional.empty(), 0, 10).isEmpty());
    CliRun follow = jobs("logs", "slow", "--follow");
    assertThat(follow.exit()).as(follow.err()).isZero();
    assertThat(follow.out()).isEqualTo("a\nb\n");
    assertThat(local.join().exit()).isZero();
  }
}
