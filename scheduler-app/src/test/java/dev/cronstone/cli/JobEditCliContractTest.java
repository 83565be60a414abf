package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.config.StoreConfig;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs apply|delete|enable|disable|versions|export} in-process against a real store; run
 * once per database.
 */
abstract class JobEditCliContractTest {
  protected abstract DatabaseExtension db();

  static final String ME = "cli:" + System.getProperty("user.name");

  @TempDir Path dir;
  private Path jobs;
  private Path edits;
  private Path config;

  @BeforeEach
  void folders() throws IOException {
    jobs = Files.createDirectories(dir.resolve("jobs"));
    edits = Files.createDirectories(dir.resolve("edits"));
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
            + "\" }\n");
    Files.writeString(
        jobs.resolve("nightly.yaml"),
        """
        id: nightly
        schedule: { cron: "30 2 * * *", timezone: Europe/Berlin }
        task: { type: builtin, name: noop }
        """);
    edit(
        "tick",
        """
        id: tick
        schedule: { cron: "*/5 * * * *", timezone: UTC }
        task:
          type: command
          command: ["/bin/echo", "${fireDate}"]
          env: { TOKEN: "${env:TICK_TOKEN}" }
        """);
  }

  private Path edit(String name, String text) throws IOException {
    return Files.writeString(edits.resolve(name + ".yaml"), text);
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  private CliRun ok(String... args) {
    CliRun run = jobs(args);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    return run;
  }

  private String tick() {
    return edits.resolve("tick.yaml").toString();
  }

  @Test
  void apply_creates_updates_or_leaves_a_store_owned_job_and_if_version_guards_it()
      throws IOException {
    assertThat(ok("apply", "-f", tick()).out().strip())
        .isEqualTo("created tick (store-owned, version 1)");
    assertThat(ok("apply", "-f", tick()).out().strip()).isEqualTo("tick unchanged (version 1)");
    Files.writeString(
        edits.resolve("tick.yaml"),
        Files.readString(edits.resolve("tick.yaml")).replace("*/5", "*/10"));
    JsonNode updated = ok("apply", "-f", tick(), "--if-version", "1", "--output", "json").json();
    assertThat(updated.path("version").asLong()).isEqualTo(2);
    assertThat(updated.path("changed").asBoolean()).isTrue();
    assertThat(updated.path("created").asBoolean()).isFalse();
    assertThat(updated.path("owner").asText()).isEqualTo("store");

    Files.writeString(
        edits.resolve("tick.yaml"),
        Files.readString(edits.resolve("tick.yaml")).replace("*/10", "*/15"));
    CliRun stale = jobs("apply", "-f", tick(), "--if-version", "1", "--output", "json");
    assertThat(stale.exit()).isEqualTo(7);
    assertThat(stale.errorJson().at("/error/code").asText()).isEqualTo("version_conflict");
    assertThat(jobs("apply", "-f", tick(), "--if-version", "0").exit()).isEqualTo(2);
    assertThat(jobs("apply").exit()).isEqualTo(2);

    CliRun show = ok("show", "tick");
    assertThat(show.out())
        .contains("owner:     store")
        .contains("version:   2")
        .contains("*/10 * * * *")
        .contains("${env:TICK_TOKEN}");
    JsonNode shown = ok("show", "tick", "--output", "json").json();
    assertThat(shown.path("owner").asText()).isEqualTo("store");
    assertThat(shown.path("version").asLong()).isEqualTo(2);

    ok("sync");
    List<String> lines = ok("list").out().lines().toList();
    assertThat(lines.get(0)).contains("OWNER");
    assertThat(lines.get(1)).startsWith("nightly").contains(" file ");
    assertThat(lines.get(2)).startsWith("tick").contains(" store ");
    JsonNode listed = ok("list", "--output", "json").json().path("jobs");
    assertThat(listed.get(0).path("source").asText()).endsWith("nightly.yaml");
    assertThat(listed.get(1).path("version").asLong()).isEqualTo(2);
    assertThat(listed.get(1).has("source")).isFalse();
  }

  @Test
  void apply_reports_an_invalid_spec_as_validate_does_and_stores_nothing() throws IOException {
    Path bad =
        edit(
            "bad",
            "id: bad\nschedule: { cron: \"30 25 * * *\", timezone: EST }\n"
                + "task: { type: builtin, name: noop }\n");
    CliRun r = jobs("apply", "-f", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("[job_invalid_spec]")
        .contains("schedule.timezone: 'EST' is not an IANA region id");
    CliRun json = jobs("apply", "-f", bad.toString(), "--output", "json");
    List<String> paths = new ArrayList<>();
    json.errorJson().at("/error/details").forEach(d -> paths.add(d.path("path").asText()));
    assertThat(paths).contains("schedule.timezone", "schedule.cron");
    assertThat(jobs("show", "bad").exit()).isEqualTo(3);
    assertThat(jobs("apply", "-f", edits.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
  }

  @Test
  void a_file_owned_job_refuses_every_cli_write_with_exit_6() throws IOException {
    ok("sync");
    Path nightly =
        edit(
            "nightly",
            "id: nightly\nschedule: { cron: \"0 3 * * *\", timezone: UTC }\n"
                + "task: { type: builtin, name: noop }\n");
    CliRun apply = jobs("apply", "-f", nightly.toString(), "--output", "json");
    assertThat(apply.exit()).isEqualTo(6);
    assertThat(apply.errorJson().at("/error/code").asText()).isEqualTo("job_file_owned");
    assertThat(jobs("delete", "nightly", "--yes").err()).contains("[job_file_owned]");
    assertThat(jobs("disable", "nightly").exit()).isEqualTo(6);
    assertThat(jobs("enable", "nightly").exit()).isEqualTo(6);
    assertThat(ok("show", "nightly").out()).contains("30 2 * * *").contains("owner:     file");
  }

  @Test
  void delete_needs_yes_and_the_versions_outlive_the_job() {
    ok("apply", "-f", tick());
    CliRun unconfirmed = jobs("delete", "tick");
    assertThat(unconfirmed.exit()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("--yes").contains("nothing deleted");
    ok("show", "tick");
    assertThat(jobs("delete", "tick", "--yes", "--if-version", "5").exit()).isEqualTo(7);

    assertThat(ok("delete", "tick", "--yes").out()).startsWith("deleted tick");
    assertThat(jobs("show", "tick").exit()).isEqualTo(3);
    assertThat(jobs("delete", "tick", "--yes").exit()).isEqualTo(3);
    assertThat(ok("versions", "tick").out()).contains(ME);
    assertThat(jobs("versions", "ghost").exit()).isEqualTo(3);
  }

  @Test
  void enable_and_disable_save_versions_that_versions_lists_newest_first() {
    ok("apply", "-f", tick());
    assertThat(ok("disable", "tick").out().strip()).isEqualTo("disabled tick (version 2)");
    assertThat(ok("disable", "tick").out().strip())
        .isEqualTo("tick was already disabled (version 2)");
    assertThat(ok("show", "tick").out()).contains("enabled:   no");
    JsonNode enabled = ok("enable", "tick", "--if-version", "2", "--output", "json").json();
    assertThat(enabled.path("enabled").asBoolean()).isTrue();
    assertThat(enabled.path("version").asLong()).isEqualTo(3);
    assertThat(jobs("enable", "ghost").exit()).isEqualTo(3);

    List<String> lines = ok("versions", "tick").out().lines().toList();
    assertThat(lines.get(0)).startsWith("VERSION").contains("SAVED BY");
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.split("\\s+")[0])
        .containsExactly("3", "2", "1");
    assertThat(lines.get(1)).contains(ME).contains("store");

    JsonNode page = ok("versions", "tick", "--limit", "1", "--output", "json").json();
    assertThat(page.at("/versions/0/spec/enabled").asBoolean()).isTrue();
    assertThat(page.at("/versions/0/savedBy").asText()).isEqualTo(ME);
    assertThat(page.path("nextCursor").asText()).isEqualTo("3");
    JsonNode older =
        ok("versions", "tick", "--limit", "1", "--after", "3", "--output", "json").json();
    assertThat(older.at("/versions/0/version").asLong()).isEqualTo(2);
    assertThat(older.at("/versions/0/spec/enabled").asBoolean()).isFalse();
    assertThat(ok("versions", "tick", "--limit", "2").out()).contains("--after 2");
  }

  @Test
  void export_writes_a_spec_file_that_takes_the_job_over_when_put_in_the_folder()
      throws IOException {
    ok("apply", "-f", tick());
    CliRun stdout = ok("export", "tick");
    assertThat(stdout.out()).startsWith("# tick: exported from the store (version 1, store-owned)");
    assertThat(stdout.out()).contains("${env:TICK_TOKEN}");
    Path json = dir.resolve("tick.json");
    ok("export", "tick", "-o", json.toString());
    assertThat(CliRun.run("validate", json.toString()).exit()).isZero();

    Path file = jobs.resolve("tick.yaml");
    CliRun exported = ok("export", "tick", "-o", file.toString());
    assertThat(exported.err()).contains("takes the job over");
    assertThat(CliRun.run("validate", file.toString()).exit()).isZero();
    assertThat(jobs("export", "tick", "-o", file.toString()).exit()).isEqualTo(2);
    ok("export", "tick", "-o", file.toString(), "--force");
    assertThat(jobs("export", "ghost").exit()).isEqualTo(3);

    CliRun sync = ok("sync");
    assertThat(sync.out()).contains("handed over to its spec file");
    JsonNode shown = ok("show", "tick", "--output", "json").json();
    assertThat(shown.path("owner").asText()).isEqualTo("file");
    assertThat(shown.path("version").asLong()).isEqualTo(2);
    JsonNode versions = ok("versions", "tick", "--output", "json").json().path("versions");
    assertThat(versions.get(0).path("savedBy").asText()).isEqualTo("file:" + file);
    assertThat(versions.get(0).path("specHash").asText())
        .as("the exported file holds the stored content")
        .isEqualTo(versions.get(1).path("specHash").asText());
    assertThat(ok("sync").out()).contains("0 added, 0 updated, 0 removed, 2 unchanged");
  }
}
