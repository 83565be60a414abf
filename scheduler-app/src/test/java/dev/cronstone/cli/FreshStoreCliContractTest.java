package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands on a store that has no schema yet: a command that only reads says so and how to create
 * it; a command that writes creates it, as a node does. Run once per database.
 */
abstract class FreshStoreCliContractTest {
  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path config;
  private Path jobsDir;

  @BeforeEach
  void folder() throws IOException {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    jobsDir = jobs;
    config = dir.resolve("scheduler.yaml");
    TestDatabase empty = db().emptyDatabase();
    StoreConfig store = empty.storeConfig();
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
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void a_reading_command_says_the_store_has_no_schema_and_how_to_create_it() {
    for (String[] command :
        List.of(
            new String[] {"list"},
            new String[] {"history", "by-hand"},
            new String[] {"tail", "by-hand"})) {
      CliRun r = jobs(command);
      assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(4);
      assertThat(r.err())
          .contains("has no Cronstone schema yet: create it with 'jobs store migrate'")
          .contains("[store_unavailable]")
          .doesNotContainIgnoringCase("not found");
      assertThat(r.err().lines()).hasSize(1);
    }
  }

  @Test
  void run_local_on_a_fresh_store_creates_the_schema_and_syncs_the_folder_first() {
    CliRun r = jobs("run", "by-hand", "--local");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("by-hand#1 succeeded");
    assertThat(r.err())
        .contains("note: the store had no jobs yet: synced " + jobsDir + " first")
        .contains("1 added");
    assertThat(jobs("list").out()).contains("by-hand");
    CliRun again = jobs("run", "by-hand", "--local");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("by-hand#2 succeeded");
    assertThat(again.err()).doesNotContain("synced");
  }

  @Test
  void run_on_a_store_with_jobs_names_the_spec_file_and_jobs_sync_but_syncs_nothing()
      throws IOException {
    assertThat(jobs("run", "by-hand", "--local").exit()).isZero();
    Files.writeString(
        jobsDir.resolve("later.yaml"), "id: later\ntask: { type: builtin, name: noop }\n");
    for (String[] command :
        List.of(new String[] {"run", "later", "--local"}, new String[] {"run", "later"})) {
      CliRun r = jobs(command);
      assertThat(r.exit()).as(r.err()).isEqualTo(3);
      assertThat(r.err())
          .contains("[job_not_found]")
          .contains("no job 'later' in the store, but " + jobsDir.resolve("later.yaml"))
          .contains("'jobs sync'");
    }
    assertThat(jobs("list").out()).doesNotContain("later");
  }

  @Test
  void run_of_an_invalid_spec_on_a_fresh_store_says_to_validate_it() throws IOException {
    Files.writeString(
        jobsDir.resolve("broken.yaml"), "id: broken\ntask: { type: builtin, name: nope }\n");
    CliRun r = jobs("run", "broken", "--local");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("is invalid").contains("'jobs validate ");
    CliRun unknown = jobs("run", "ghost", "--local");
    assertThat(unknown.exit()).isEqualTo(3);
    assertThat(unknown.err()).contains("no job 'ghost'").doesNotContain("jobs sync");
  }

  @Test
  void prune_on_a_fresh_store_creates_the_schema_and_a_dry_run_says_to_migrate() {
    CliRun dry = jobs("prune", "--keep-last", "5", "--dry-run");
    assertThat(dry.exit()).isEqualTo(4);
    assertThat(dry.err())
        .contains("has no Cronstone schema yet: create it with 'jobs store migrate'");
    CliRun r = jobs("prune", "--keep-last", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("pruned 0 run(s)");
  }
}
