package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs run <id>} when no node is alive on the store: the run is queued and its id printed as
 * always, and stderr says that nothing will run it until a node starts, and that {@code --local}
 * runs the job here; {@code --wait} gives up with the same hint. Run once per database.
 */
abstract class RunCliContractTest {
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
        jobs.resolve("by-hand.yaml"),
        """
        id: by-hand
        task: { type: builtin, name: echo, args: { message: hi } }
        """);
    CliRun sync = jobs("sync");
    assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
  }

  private CliRun jobs(String... args) {
    return jobs(Clock.fixed(CliRun.NOW, ZoneOffset.UTC), args);
  }

  private CliRun jobs(Clock clock, String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(clock, Map.of(), all.toArray(String[]::new));
  }

  private NodeRegistry nodeSeenAt(Instant at) {
    NodeRegistry registry = new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(1));
    registry.register("node-1", false, at);
    return registry;
  }

  @Test
  void run_with_no_live_node_queues_the_run_and_says_on_stderr_that_nothing_will_run_it() {
    CliRun r = jobs("run", "by-hand");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("by-hand#1\n");
    assertThat(r.err())
        .contains("no node is alive on this store")
        .contains("by-hand#1 stays queued until a node starts")
        .contains("'jobs run by-hand --local'")
        .contains("'jobs cancel by-hand#1'");
  }

  @Test
  void the_warning_goes_to_stderr_so_json_output_stays_json() {
    CliRun r = jobs("--output", "json", "run", "by-hand");
    assertThat(r.exit()).isZero();
    assertThat(r.json().get("status").asText()).isEqualTo("queued");
    assertThat(r.err()).contains("no node is alive on this store");
  }

  @Test
  void run_with_a_live_node_says_nothing_more() {
    nodeSeenAt(CliRun.NOW);
    CliRun r = jobs("run", "by-hand");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("by-hand#1\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void a_node_that_stopped_cleanly_runs_nothing() {
    nodeSeenAt(CliRun.NOW).deregister(CliRun.NOW);
    CliRun r = jobs("run", "by-hand");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("no node is alive on this store");
  }

  @Test
  void a_node_last_seen_a_minute_ago_runs_nothing() {
    nodeSeenAt(CliRun.NOW.minusSeconds(60));
    CliRun r = jobs("run", "by-hand");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("no node is alive on this store");
  }

  @Test
  void wait_gives_up_with_the_hint_when_no_node_is_alive() {
    Clock moving = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), CliRun.NOW));
    CliRun r = jobs(moving, "run", "by-hand", "--wait", "--timeout", "PT1S");
    assertThat(r.exit()).isEqualTo(RunCommand.GAVE_UP);
    assertThat(r.out()).isEqualTo("by-hand#1\n");
    assertThat(r.err())
        .contains("no node is alive on this store")
        .contains(
            "gave up after 1.0 s: run by-hand#1 is still queued (no node is alive on this store;"
                + " 'jobs run by-hand --local' runs it here)");
  }
}
