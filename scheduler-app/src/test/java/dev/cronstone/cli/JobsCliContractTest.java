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
 * {@code jobs sync|list|show|pause|resume} in-process against a real store; run once per database.
 */
abstract class JobsCliContractTest {
  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path jobs;
  private Path config;

  @BeforeEach
  void folder() throws IOException {
    jobs = Files.createDirectories(dir.resolve("jobs"));
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
    spec(
        "nightly.yaml",
        """
        id: nightly
        schedule: { cron: "30 2 * * *", timezone: Europe/Berlin }
        task: { type: builtin, name: noop }
        """);
    spec(
        "fallback.yaml",
        """
        id: fallback
        schedule: { cron: ["30 1 * * *", "*/30 * * * *"], timezone: America/New_York }
        task: { type: builtin, name: noop }
        """);
    spec(
        "by-hand.yml",
        """
        id: by-hand
        task: { type: builtin, name: echo, args: { message: hi } }
        """);
    spec(
        "off.json",
        """
        {"id": "off", "enabled": false, "schedule": {"cron": "0 * * * *", "timezone": "UTC"},
         "task": {"type": "http", "url": "http://127.0.0.1:1/"}}
        """);
  }

  private void spec(String name, String text) throws IOException {
    Files.writeString(jobs.resolve(name), text);
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  private CliRun synced() {
    CliRun sync = jobs("sync");
    assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
    return sync;
  }

  @Test
  void sync_prints_the_plan_and_a_second_sync_finds_everything_unchanged() {
    CliRun first = synced();
    assertThat(first.out().lines().toList())
        .contains("ACTION  JOB       DETAIL")
        .anySatisfy(l -> assertThat(l).startsWith("add     nightly").endsWith("nightly.yaml"))
        .contains("4 added, 0 updated, 0 removed, 0 unchanged, 0 invalid");
    assertThat(first.err()).isEmpty();

    JsonNode again = jobs("sync", "--output", "json").json();
    assertThat(again.get("applied").asBoolean()).isTrue();
    assertThat(again.get("added")).isEmpty();
    assertThat(again.get("unchanged").toString())
        .isEqualTo("[\"by-hand\",\"fallback\",\"nightly\",\"off\"]");
  }

  @Test
  void a_dry_run_prints_the_plan_and_writes_nothing() {
    CliRun dry = jobs("sync", "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("dry run: nothing written").contains("4 added");
    assertThat(jobs("list", "--output", "json").json().get("jobs")).isEmpty();
  }

  @Test
  void list_reads_the_store_sorted_by_id_with_paused_and_next_fire() {
    synced();
    jobs("pause", "fallback");

    CliRun r = jobs("list");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("PAUSED").contains("NEXT FIRE");
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.split("\\s+")[0])
        .containsExactly("by-hand", "fallback", "nightly", "off");
    assertThat(lines.get(2)).contains(" yes ").endsWith("-");
    assertThat(lines.get(3)).contains("30 2 * * *").contains("2026-11-22T02:30:00+01:00");
    assertThat(lines.get(4)).contains(" no ").endsWith("-");
  }

  @Test
  void list_pages_with_limit_and_after() {
    synced();
    JsonNode first = jobs("list", "--limit", "3", "--output", "json").json();
    assertThat(first.get("jobs"))
        .extracting(j -> j.get("id").asText())
        .containsExactly("by-hand", "fallback", "nightly");
    assertThat(first.get("nextCursor").asText()).isEqualTo("nightly");
    JsonNode nightly = first.get("jobs").get(2);
    assertThat(nightly.get("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(nightly.get("task").asText()).isEqualTo("builtin");
    assertThat(nightly.get("paused").asBoolean()).isFalse();
    assertThat(nightly.get("nextFire").asText()).isEqualTo("2026-11-22T01:30:00Z");
    assertThat(nightly.get("scheduleText").asText()).isEqualTo("at 02:30 every day");
    assertThat(nightly.has("lastRun")).isFalse();

    JsonNode rest = jobs("list", "--limit", "3", "--after", "nightly", "--output", "json").json();
    assertThat(rest.get("jobs")).extracting(j -> j.get("id").asText()).containsExactly("off");
    assertThat(rest.has("nextCursor")).as("left out on the last page").isFalse();
    assertThat(jobs("list", "--limit", "3").out()).contains("(more: jobs list --after nightly)");
    assertThat(jobs("list", "--limit", "0").exit()).isEqualTo(2);
  }

  @Test
  void show_prints_spec_triggers_pause_and_next_fires() {
    synced();
    CliRun text = jobs("show", "nightly");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("job:       nightly")
        .contains("paused:    no")
        .contains("cronstone  NORMAL  2026-11-22T02:30:00+01:00")
        .contains("next fires of the schedule:")
        .contains("  2026-11-23T02:30:00+01:00  Europe/Berlin")
        .contains("\"timezone\" : \"Europe/Berlin\"");

    JsonNode json = jobs("show", "nightly", "--output", "json").json();
    assertThat(json.at("/triggers/0/state").asText()).isEqualTo("NORMAL");
    assertThat(json.at("/triggers/0/nextFire").asText()).isEqualTo("2026-11-22T01:30:00Z");
    assertThat(json.get("upcoming")).hasSize(5);
    assertThat(json.at("/upcoming/0/local").asText()).isEqualTo("2026-11-22T02:30:00+01:00");
    assertThat(json.at("/spec/schedule/cron/0").asText()).isEqualTo("30 2 * * *");
    assertThat(json.at("/pause/paused").asBoolean()).isFalse();

    CliRun ghost = jobs("show", "ghost", "--output", "json");
    assertThat(ghost.exit()).isEqualTo(3);
    assertThat(ghost.errorJson().at("/error/code").asText()).isEqualTo("job_not_found");
  }

  @Test
  void pause_and_resume_one_job_or_all_and_say_who() {
    synced();
    String me = System.getProperty("user.name");

    assertThat(jobs("pause", "nightly").out().strip()).isEqualTo("paused nightly");
    assertThat(jobs("pause", "nightly").out().strip()).isEqualTo("nightly was already paused");
    assertThat(jobs("show", "nightly").out())
        .contains("paused:    yes, by " + me + " at ")
        .contains("PAUSED");
    assertThat(jobs("resume", "nightly").out().strip()).isEqualTo("resumed nightly");
    assertThat(jobs("show", "nightly").out()).contains("paused:    no (resumed by " + me);

    assertThat(jobs("pause", "--all").out().strip()).isEqualTo("paused 4 job(s); 0 already paused");
    JsonNode resumed = jobs("resume", "--all", "--output", "json").json();
    assertThat(resumed.get("changes")).hasSize(4);
    assertThat(resumed.at("/changes/0/paused").asBoolean()).isFalse();

    assertThat(jobs("pause", "ghost").exit()).isEqualTo(3);
    assertThat(jobs("resume", "ghost").exit()).isEqualTo(3);
    assertThat(jobs("pause", "nightly", "--all").exit()).isEqualTo(2);
    assertThat(jobs("pause").exit()).isEqualTo(2);
  }

  @Test
  void an_invalid_spec_is_reported_with_its_problems_and_exit_2_while_the_others_sync()
      throws IOException {
    spec(
        "broken.yaml",
        "id: broken\n"
            + "schedule: { cron: \"30 25 * * *\", timezone: EST }\n"
            + "task: { type: builtin, name: noop }\n");

    CliRun r = jobs("sync");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains("INVALID")
        .contains("  schedule.timezone: 'EST' is not an IANA region id")
        .contains("4 added, 0 updated, 0 removed, 0 unchanged, 1 invalid");
    assertThat(r.err()).contains("[job_invalid_spec]");
    assertThat(jobs("list", "--output", "json").json().get("jobs")).hasSize(4);
  }

  @Test
  void removing_more_than_half_is_policy_denied_exit_6_until_forced() throws IOException {
    synced();
    for (String file : List.of("nightly.yaml", "fallback.yaml", "off.json")) {
      Files.delete(jobs.resolve(file));
    }

    CliRun held = jobs("sync", "--output", "json");
    assertThat(held.exit()).isEqualTo(6);
    assertThat(held.json().get("removed")).isEmpty();
    assertThat(held.json().at("/withheld/reason").asText()).isEqualTo("MORE_THAN_HALF");
    assertThat(held.errorJson().at("/error/code").asText()).isEqualTo("policy_denied");
    assertThat(held.errorJson().at("/error/message").asText()).contains("--force");
    assertThat(jobs("list", "--output", "json").json().get("jobs")).hasSize(4);

    CliRun forced = jobs("sync", "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("0 added, 0 updated, 3 removed, 1 unchanged, 0 invalid");
    assertThat(jobs("list", "--output", "json").json().get("jobs")).hasSize(1);
  }

  @Test
  void an_emptied_folder_removes_nothing_even_forced() throws IOException {
    synced();
    try (var files = Files.list(jobs)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    CliRun r = jobs("sync", "--force");
    assertThat(r.exit()).isEqualTo(6);
    assertThat(r.out())
        .contains("WARNING: the spec folder")
        .contains("has no spec files: nothing removed");
    assertThat(jobs("list", "--output", "json").json().get("jobs")).hasSize(4);
  }
}
