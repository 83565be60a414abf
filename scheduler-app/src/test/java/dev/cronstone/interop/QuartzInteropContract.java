package dev.cronstone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.testing.NodeProcess;
import dev.cronstone.testing.QuartzClientProperties;
import dev.cronstone.testing.TestDatabase;
import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Quartz client in a JVM of its own beside a real node ({@code bin/jobs serve}): its
 * classpath holds Quartz, a pool, the JDBC driver and the {@code cronstone-quartz} artifact with
 * its dependencies, nothing of Cronstone's application. What it does through Quartz's API is what
 * {@code jobs list}, {@code show} and {@code history} then say. One subclass per database.
 */
abstract class QuartzInteropContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CLIENT =
      NodeProcess.ROOT.resolve("scheduler-app/src/test/resources/quartz-client/QuartzClient.java");

  @TempDir Path dir;
  Path config;

  /** A database no one uses yet, which the node migrates; H2 as a file with AUTO_SERVER. */
  protected abstract TestDatabase store();

  private NodeProcess.Result jobs(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--output", "json"));
    all.addAll(List.of(args));
    NodeProcess.Result r = NodeProcess.run(dir, "cli-" + args[0], all.toArray(String[]::new));
    assertThat(r.exit()).as(r.output()).isZero();
    return r;
  }

  private JsonNode json(String... args) throws Exception {
    String out = jobs(args).output();
    return JSON.readTree(out.substring(out.indexOf('{')));
  }

  /** Waits (reading the store directly) until {@code sql}'s one value is {@code expected}. */
  private void awaitRow(String what, String sql, String expected) {
    await(what)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              try (Connection c = store().dataSource().getConnection();
                  Statement st = c.createStatement();
                  ResultSet rows = st.executeQuery(sql)) {
                return rows.next() && expected.equals(rows.getString(1));
              }
            });
  }

  /** The client JVM's classpath: from this JVM's, only what a Quartz application would add. */
  static String clientClasspath() {
    List<String> kept =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry ->
                    entry.contains("cronstone-quartz")
                        || entry.contains("job-model")
                        || entry.matches(
                            ".*/(quartz|slf4j-api|HikariCP|postgresql|h2)-[^/]*\\.jar"))
            .toList();
    assertThat(kept).noneMatch(e -> e.contains("scheduler-app") || e.contains("jackson"));
    assertThat(kept).anyMatch(e -> e.contains("cronstone-quartz"));
    return String.join(File.pathSeparator, kept);
  }

  private String client(String... operations) throws Exception {
    TestDatabase db = store();
    Path props = dir.resolve("quartz-client.properties");
    try (Writer out = Files.newBufferedWriter(props)) {
      QuartzClientProperties.of(
              db.dialect(), db.url(), db.storeConfig().user(), db.storeConfig().password())
          .store(out, "a plain Quartz client on a Cronstone store");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                clientClasspath(),
                CLIENT.toString(),
                props.toString()));
    command.addAll(List.of(operations));
    Path log = dir.resolve("client.log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the client finished").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    for (String op : operations) {
      assertThat(out).as(out).contains("ok " + op);
    }
    return out;
  }

  @Test
  void pause_resume_and_trigger_job_from_a_plain_quartz_client_are_what_jobs_sees()
      throws Exception {
    Path jobDir = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobDir.resolve("hourly.yaml"),
        "id: hourly\nschedule: { cron: \"0 * * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    TestDatabase db = store();
    config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "%s", password: "%s" }
        cluster: { enabled: true, nodeId: interop-node, checkinInterval: PT1S }
        jobs: { dir: "%s", watch: false }
        artifacts: { dir: "%s" }
        api: { port: 0, token: it-api-token }
        """
            .formatted(
                db.url(),
                db.storeConfig().user(),
                db.storeConfig().password(),
                jobDir,
                dir.resolve("runs")));
    try (NodeProcess node =
        NodeProcess.start("node", dir, Map.of(), "--config", config.toString(), "serve")) {
      node.awaitRunning(Duration.ofSeconds(60));

      String seen = client("jobClass:hourly", "triggers:hourly", "pauseJob:hourly");
      assertThat(seen)
          .contains("class dev.cronstone.execution.CronstoneJob")
          .contains("dev.cronstone.store.CronstoneTrigger NORMAL");
      awaitRow("the node records the pause", "SELECT paused_by FROM cs_job", "quartz");
      JsonNode paused = json("show", "hourly");
      assertThat(paused.at("/pause/paused").asBoolean()).isTrue();
      assertThat(paused.at("/pause/pausedBy").asText()).isEqualTo("quartz");
      assertThat(paused.at("/pause/pausedAt").isTextual()).isTrue();
      assertThat(json("list").at("/jobs/0/paused").asBoolean()).isTrue();

      client("resumeJob:hourly");
      awaitRow("the node records the resume", "SELECT resumed_by FROM cs_job", "quartz");
      JsonNode resumed = json("show", "hourly");
      assertThat(resumed.at("/pause/paused").asBoolean()).isFalse();
      assertThat(resumed.at("/pause/resumedBy").asText()).isEqualTo("quartz");
      assertThat(Instant.parse(resumed.at("/triggers/0/nextFire").asText())).isAfter(Instant.now());

      client("triggerJob:hourly");
      awaitRow("the run Quartz asked for ends", "SELECT status FROM cs_run", "succeeded");
      JsonNode history = json("history", "hourly");
      assertThat(history.get("runs")).hasSize(1);
      JsonNode run = history.at("/runs/0");
      assertThat(run.get("kind").asText()).isEqualTo("manual");
      assertThat(run.get("requestedBy").asText()).isEqualTo("quartz");
      assertThat(json("list").at("/jobs/0/paused").asBoolean()).isFalse();
      assertThat(node.output()).doesNotContain("ERROR");
    }
  }
}
