package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code bin/jobs serve} on the embedded H2 default, stopped with SIGINT (Ctrl-C) and
 * SIGTERM (systemd, containers) while a command task runs: the attempt finishes within the grace
 * with its output intact, its end is recorded, the node deregisters and exits 0, with no stack
 * trace and no "Database is already closed"; an idle node exits at once; a second signal stops the
 * running attempt at once, recorded {@code cancelled}/{@code shutdown}.
 */
class CleanStopIT {
  private static final Path PERL = Path.of("/usr/bin/perl");

  /**
   * A launcher that gives the node SIGINT back: a process started in the background by a
   * non-interactive shell (a build, CI) inherits SIGINT ignored, and a JVM keeps it ignored.
   */
  private static final List<String> SIGINT_DEFAULT =
      List.of(PERL.toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die qq(exec: $!)");

  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final int TALK_LINES = 5;

  @TempDir Path dir;
  Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    assumeThat(Files.isExecutable(PERL)).as("needs %s to reset SIGINT", PERL).isTrue();
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("talk.yaml"),
        """
        id: talk
        task:
          type: command
          command: ["/bin/sh", "-c", "for i in $(seq 1 %d); do echo line $i; sleep 1; done"]
        limits: { timeout: PT2M }
        """
            .formatted(TALK_LINES));
    Files.writeString(
        jobs.resolve("long.yaml"),
        """
        id: long
        task:
          type: command
          command: ["/bin/sh", "-c", "for i in $(seq 1 120); do echo line $i; sleep 1; done"]
        limits: { timeout: PT5M }
        """);
    config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s" }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        scheduler: { shutdownGrace: %s }
        api: { port: 0 }
        """
            .formatted(url(), jobs, dir.resolve("runs"), GRACE));
  }

  @Test
  void ctrl_c_lets_a_running_command_finish_with_its_output_and_records_its_end() throws Exception {
    stopsAfterTheAttemptFinished("INT");
  }

  @Test
  void sigterm_lets_a_running_command_finish_with_its_output_and_records_its_end()
      throws Exception {
    stopsAfterTheAttemptFinished("TERM");
  }

  @Test
  void an_idle_node_exits_at_once_on_sigterm() throws Exception {
    try (NodeProcess node = serve("idle")) {
      long start = System.nanoTime();
      node.signal("TERM");
      int exit = node.awaitExit(Duration.ofSeconds(60));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("clean stop: idle node exited %d ms after SIGTERM%n", took.toMillis());
      assertThat(exit).as(node.output()).isZero();
      assertThat(took).as(node.output()).isLessThan(Duration.ofSeconds(5));
      assertClean(node);
    }
  }

  @Test
  void a_second_signal_stops_the_running_attempt_at_once_recorded_cancelled_shutdown()
      throws Exception {
    try (NodeProcess node = serve("hurried")) {
      runNow("long");
      awaitRunning("long");
      node.signal("INT");
      await("the node says it is stopping")
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.output().contains("SIGINT: stopping"));
      long start = System.nanoTime();
      node.signal("TERM");
      int exit = node.awaitExit(Duration.ofSeconds(60));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "clean stop: second signal, node exited %d ms after it (grace %s)%n",
          took.toMillis(), GRACE);
      assertThat(exit).as(node.output()).isZero();
      assertThat(took).as(node.output()).isLessThan(Duration.ofSeconds(10));
      assertThat(runStatus("long")).contains("cancelled/shutdown");
      assertThat(node.output()).contains("asked to stop now: stopping 1 running attempt(s)");
      assertClean(node);
    }
  }

  private void stopsAfterTheAttemptFinished(String signal) throws Exception {
    try (NodeProcess node = serve(signal.toLowerCase())) {
      runNow("talk");
      awaitRunning("talk");
      long start = System.nanoTime();
      node.signal(signal);
      int exit = node.awaitExit(GRACE.plusSeconds(30));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "clean stop: SIG%s with a %d s command running, node exited %d ms after it%n",
          signal, TALK_LINES, took.toMillis());
      assertThat(exit).as(node.output()).isZero();
      assertThat(took).as(node.output()).isLessThan(GRACE.plusSeconds(5));
      assertThat(node.output()).contains("SIG" + signal + ": stopping");
      assertThat(runStatus("talk")).contains("succeeded/-");
      Path stdout = dir.resolve("runs/talk/000001/stdout.log");
      assertThat(stdout).exists();
      assertThat(Files.readString(stdout))
          .isEqualTo(
              String.join(
                  "",
                  IntStream.rangeClosed(1, TALK_LINES).mapToObj(i -> "line " + i + "\n").toList()));
      assertClean(node);
    }
  }

  private NodeProcess serve(String name) throws Exception {
    NodeProcess node =
        NodeProcess.startVia(
                SIGINT_DEFAULT,
                name,
                dir,
                Map.of("JOBS_API_TOKEN", "clean-stop-token"),
                "--config",
                config.toString(),
                "serve")
            .awaitRunning(Duration.ofSeconds(120));
    String status = Files.readString(Path.of("/proc/" + node.pid() + "/status"));
    long ignored =
        status
            .lines()
            .filter(l -> l.startsWith("SigIgn:"))
            .map(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
            .findFirst()
            .orElse(0L);
    assertThat(ignored & (1L << 1)).as("the node ignores SIGINT").isZero();
    return node;
  }

  private void runNow(String job) throws Exception {
    NodeProcess.Result r =
        NodeProcess.run(dir, "run-" + job, "--config", config.toString(), "run", job);
    assertThat(r.exit()).as(r.output()).isZero();
  }

  /** Waits until the job's first run is running, then a little more so its output has begun. */
  private void awaitRunning(String job) throws InterruptedException {
    await(job + " running")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> runStatus(job).filter(s -> s.startsWith("running")).isPresent());
    Thread.sleep(1500);
  }

  /** After the node exited: it deregistered, and printed no stack trace. */
  private void assertClean(NodeProcess node) throws SQLException {
    assertThat(node.output())
        .doesNotContain("Database is already closed")
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain(" ERROR ")
        .contains("deregistered from the node registry");
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM cs_node WHERE stopped_at IS NULL");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      assertThat(rs.getInt(1)).as("nodes not deregistered").isZero();
    }
  }

  /** The status and reason of the job's run 1 ({@code succeeded/-}), read through JDBC. */
  private Optional<String> runStatus(String job) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, reason FROM cs_run WHERE job_id = ? AND run_no = 1")) {
      s.setString(1, job);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(rs.getString(1) + "/" + Optional.ofNullable(rs.getString(2)).orElse("-"))
            : Optional.empty();
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), "sa", "");
  }

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("data/cronstone") + ";AUTO_SERVER=TRUE";
  }
}
