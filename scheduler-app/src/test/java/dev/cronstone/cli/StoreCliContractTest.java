package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.cluster.NodeInfo;
import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.RecordingJob;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.StoreFixture;
import dev.cronstone.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs store ...} in-process against a real database; run once per database. */
abstract class StoreCliContractTest {
  private static final Instant NOW = CliRun.NOW;

  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private StoreFixture fixture;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(db().database());
  }

  @AfterEach
  void close() throws Exception {
    fixture.close();
  }

  private CliRun jobs(TestDatabase database, String... args) {
    try {
      Path config = dir.resolve("scheduler-" + database.hashCode() + ".yaml");
      var store = database.storeConfig();
      Files.writeString(
          config,
          "store: { url: \""
              + store.url()
              + "\", user: \""
              + store.user()
              + "\", password: \""
              + store.password()
              + "\" }\n");
      List<String> all = new ArrayList<>(List.of("--config", config.toString()));
      all.addAll(List.of(args));
      return CliRun.run(all.toArray(String[]::new));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CliRun jobs(String... args) {
    return jobs(db().database(), args);
  }

  @Test
  void migrate_lists_the_migrations_it_applies_then_says_up_to_date() {
    TestDatabase empty = db().emptyDatabase();

    CliRun first = jobs(empty, "store", "migrate");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("applied V1  quartz")
        .contains("applied V4  cronstone nodes")
        .contains("migration(s) applied to");
    CliRun second = jobs(empty, "store", "migrate", "--output", "json");
    assertThat(second.exit()).isZero();
    assertThat(second.json().get("upToDate").asBoolean()).isTrue();
    assertThat(second.json().get("applied")).isEmpty();
    assertThat(jobs(empty, "store", "migrate").out()).startsWith("store schema is up to date");
  }

  @Test
  void nodes_show_each_nodes_liveness_and_tzdb_version_and_flag_a_mismatch() {
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2))
        .register("node-b", true, NOW.minusSeconds(1));
    new NodeRegistry(
            db().database().dataSource(),
            Duration.ofSeconds(2),
            new NodeInfo("old-host", 12, "2019c", "0.0.9"))
        .register("node-a", true, NOW.minusSeconds(2));
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2))
        .register("node-gone", true, NOW.minus(Duration.ofHours(1)));

    CliRun text = jobs("store", "nodes");
    assertThat(text.exit()).as(text.err()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("NODE")
        .contains("ALIVE")
        .contains("TZDB")
        .contains("LAST SEEN");
    assertThat(lines.subList(1, 4))
        .extracting(l -> l.split("\\s+")[0])
        .containsExactly("node-a", "node-b", "node-gone");
    assertThat(lines.get(1))
        .contains(" yes ")
        .contains("2019c (MISMATCH)")
        .contains(NOW.minusSeconds(2).toString());
    assertThat(lines.get(3)).contains(" no ");
    assertThat(text.out()).contains("WARNING: live nodes run different time-zone rules");

    JsonNode json = jobs("store", "nodes", "--output", "json").json();
    assertThat(json.get("tzdbMismatch").asBoolean()).isTrue();
    assertThat(json.at("/nodes/0/nodeId").asText()).isEqualTo("node-a");
    assertThat(json.at("/nodes/0/tzdbVersion").asText()).isEqualTo("2019c");
    assertThat(json.at("/nodes/1/tzdbVersion").asText()).isEqualTo(NodeInfo.jvmTzdbVersion());
    assertThat(json.at("/nodes/1/lastSeen").asText()).isEqualTo(NOW.minusSeconds(1).toString());
    assertThat(json.at("/nodes/2/alive").asBoolean()).isFalse();
  }

  @Test
  void a_cleanly_stopped_node_reads_no_stopped_and_a_crashed_one_no() {
    NodeRegistry stopped = new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2));
    stopped.register("node-stopped", true, NOW.minus(Duration.ofHours(2)));
    stopped.deregister(NOW.minus(Duration.ofHours(1)));
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2))
        .register("node-crashed", true, NOW.minus(Duration.ofHours(1)));

    CliRun text = jobs("store", "nodes");
    assertThat(text.exit()).as(text.err()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(1)).startsWith("node-crashed").contains(" no ").doesNotContain("stopped");
    assertThat(lines.get(2)).startsWith("node-stopped").contains(" no (stopped) ");
    JsonNode json = jobs("store", "nodes", "--output", "json").json();
    assertThat(json.at("/nodes/0/state").asText()).isEqualTo("dead");
    assertThat(json.at("/nodes/1/state").asText()).isEqualTo("stopped");
  }

  @Test
  void forget_removes_a_dead_node_and_refuses_a_live_one_with_policy_denied() {
    NodeRegistry gone = new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2));
    gone.register("node-gone", true, NOW.minus(Duration.ofHours(1)));
    gone.deregister(NOW.minus(Duration.ofMinutes(59)));
    new NodeRegistry(db().database().dataSource(), Duration.ofSeconds(2))
        .register("node-live", true, NOW.minusSeconds(1));

    CliRun refused = jobs("store", "nodes", "--forget", "node-live");
    assertThat(refused.exit()).isEqualTo(6);
    assertThat(refused.err())
        .contains("policy_denied")
        .contains("refusing to forget node 'node-live'");
    CliRun unknown = jobs("store", "nodes", "--forget", "nobody");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no node 'nobody' in the node registry");

    CliRun forgot = jobs("store", "nodes", "--forget", "node-gone");
    assertThat(forgot.exit()).as(forgot.err()).isZero();
    assertThat(forgot.out()).startsWith("forgot node 'node-gone'");
    assertThat(jobs("store", "nodes").out()).doesNotContain("node-gone").contains("node-live");
  }

  @Test
  void triggers_fired_locks_and_paused_print_tables_and_json() throws Exception {
    StoreFixture.schedule(
        fixture.scheduler("cli-admin", false),
        "nightly",
        RecordingJob.class,
        List.of("30 2 * * *"),
        ZoneId.of("Europe/Berlin"),
        MisfirePolicy.FIRE_ONCE_NOW,
        NOW);
    fixture.csJob("nightly", true, "carol", NOW.minusSeconds(60));

    CliRun triggers = jobs("store", "triggers");
    assertThat(triggers.exit()).as(triggers.err()).isZero();
    assertThat(triggers.out().lines().toList().get(1))
        .startsWith("cronstone.nightly")
        .contains(
            "CS_CRON",
            "WAITING",
            "2026-11-22T01:30:00Z",
            "fire_once_now",
            "30 2 * * * (Europe/Berlin)");
    JsonNode json = jobs("store", "triggers", "--output", "json").json();
    assertThat(json.at("/triggers/0/nextFireTime").asText()).isEqualTo("2026-11-22T01:30:00Z");
    assertThat(json.at("/triggers/0/expressions/0").asText()).isEqualTo("30 2 * * *");

    CliRun fired = jobs("store", "fired");
    assertThat(fired.exit()).isZero();
    assertThat(fired.out()).startsWith("ENTRY");

    CliRun locks = jobs("store", "locks");
    assertThat(locks.exit()).isZero();
    assertThat(locks.out())
        .contains("cronstone  STATE_ACCESS")
        .contains("cronstone  TRIGGER_ACCESS");
    assertThat(jobs("store", "locks", "--output", "json").json().get("locks")).hasSize(2);

    CliRun paused = jobs("store", "paused");
    assertThat(paused.exit()).isZero();
    assertThat(paused.out())
        .contains("nightly  yes      carol")
        .contains(NOW.minusSeconds(60).toString());
  }

  @Test
  void repair_prints_what_it_would_change_applies_it_and_then_finds_nothing() throws Exception {
    StoreFixture.schedule(
        fixture.scheduler("cli-admin", false),
        "stuck",
        RecordingJob.class,
        List.of("0 * * * *"),
        ZoneId.of("UTC"),
        MisfirePolicy.FIRE_ONCE_NOW,
        NOW);
    fixture.setState("stuck", "BLOCKED");

    CliRun dry = jobs("store", "repair");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("would fix  cronstone.stuck  cronstone.stuck  BLOCKED  WAITING")
        .contains("1 trigger(s) would be repaired; run 'jobs store repair --apply'");
    assertThat(fixture.state("stuck")).isEqualTo("BLOCKED");

    CliRun apply = jobs("store", "repair", "--apply", "--output", "json");
    assertThat(apply.exit()).isZero();
    assertThat(apply.json().get("applied").asBoolean()).isTrue();
    assertThat(apply.json().at("/fixes/0/toState").asText()).isEqualTo("WAITING");
    assertThat(fixture.state("stuck")).isEqualTo("WAITING");

    assertThat(jobs("store", "repair", "--apply").out()).contains("nothing to repair");
  }
}
