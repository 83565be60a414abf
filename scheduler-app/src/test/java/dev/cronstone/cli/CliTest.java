package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final Path EXAMPLES = Path.of("../config/jobs");

  @TempDir Path dir;
  private Path jobs;
  private Path config;

  @BeforeEach
  void folder() throws IOException {
    jobs = Files.createDirectories(dir.resolve("jobs"));
    config = dir.resolve("scheduler.yaml");
    Files.writeString(config, "jobs: { dir: \"" + jobs + "\" }\n");
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

  @Test
  void the_example_jobs_are_all_valid() {
    CliRun r = CliRun.run("validate", EXAMPLES.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("6 file(s): 6 valid, 0 invalid");
  }

  @Test
  void validate_prints_every_problem_of_every_file_with_its_path_and_exits_2() throws IOException {
    spec(
        "broken.yaml",
        """
        id: Broken
        schedule: { cron: "30 25 * * *", timezone: EST }
        task: { type: command, comand: ["/bin/true"] }
        """);
    CliRun r = jobs("validate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains("INVALID")
        .contains("  id: ")
        .contains("  schedule.cron: ")
        .contains("  schedule.timezone: 'EST' is not an IANA region id")
        .contains("  task.comand: unknown field 'comand'")
        .contains("5 file(s): 4 valid, 1 invalid");
  }

  @Test
  void validate_json_gives_one_result_per_file_and_a_verdict() throws IOException {
    spec("copy.yaml", "id: nightly\ntask: { type: builtin, name: noop }\n");
    JsonNode report = jobs("validate", "--output", "json").json();
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("files").asInt()).isEqualTo(5);
    assertThat(report.get("invalid").asInt()).isEqualTo(2);
    List<String> flagged = new ArrayList<>();
    for (JsonNode result : report.get("results")) {
      if (!result.get("valid").asBoolean()) {
        JsonNode error = result.get("error");
        assertThat(error.get("code").asText()).isEqualTo("job_invalid_spec");
        assertThat(error.get("jobId").asText()).isEqualTo("nightly");
        assertThat(error.get("details").get(0).get("path").asText()).isEqualTo("id");
        flagged.add(Path.of(result.get("file").asText()).getFileName().toString());
      }
    }
    assertThat(flagged).containsExactlyInAnyOrder("copy.yaml", "nightly.yaml");
  }

  @Test
  void validate_of_a_folder_checks_after_across_its_files_with_syncs_codes_and_paths()
      throws IOException {
    String noop = "task: { type: builtin, name: noop }\n";
    spec("ghost.yaml", "id: ghost\nafter: [{ job: nobody }]\n" + noop);
    spec("ping.yaml", "id: ping\nafter: [{ job: nightly }, { job: pong }]\n" + noop);
    spec("pong.yaml", "id: pong\nafter: [{ job: ping }]\n" + noop);
    spec("late.yaml", "id: late\nafter: [{ job: nightly, on: always }]\n" + noop);

    CliRun r = jobs("validate", jobs.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.out())
        .contains("  after[0].job: after_unknown_job: no job 'nobody'")
        .contains(
            "  after[1].job: after_cycle: 'ping' would run after itself: ping -> pong -> ping")
        .contains("  after[0].job: after_cycle: 'pong' would run after itself")
        .contains("8 file(s): 5 valid, 3 invalid");
    JsonNode report = jobs("validate", jobs.toString(), "--output", "json").json();
    for (JsonNode result : report.get("results")) {
      if (result.get("file").asText().endsWith("ghost.yaml")) {
        JsonNode error = result.get("error");
        assertThat(error.get("code").asText()).isEqualTo("job_invalid_spec");
        assertThat(error.get("details").get(0).get("path").asText()).isEqualTo("after[0].job");
      }
    }
  }

  @Test
  void validate_of_single_files_checks_after_cycles_but_not_upstream_jobs_kept_elsewhere()
      throws IOException {
    String noop = "task: { type: builtin, name: noop }\n";
    spec("elsewhere.yaml", "id: elsewhere\nafter: [{ job: stored-only }]\n" + noop);
    spec("ping.yaml", "id: ping\nafter: [{ job: pong }]\n" + noop);
    spec("pong.yaml", "id: pong\nafter: [{ job: ping }]\n" + noop);

    CliRun ok = CliRun.run("validate", jobs.resolve("elsewhere.yaml").toString());
    CliRun cycle =
        CliRun.run(
            "validate", jobs.resolve("ping.yaml").toString(), jobs.resolve("pong.yaml").toString());

    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(cycle.exit()).isEqualTo(2);
    assertThat(cycle.out()).contains("after_cycle: 'ping' would run after itself");
  }

  @Test
  void validate_of_a_missing_path_is_invalid_not_a_crash() {
    CliRun r = CliRun.run("validate", dir.resolve("nowhere").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void next_shifts_a_wall_time_in_the_spring_forward_gap_and_says_so() {
    CliRun r = jobs("next", "nightly", "--from", "2026-03-28T12:00:00Z", "--count", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "2026-03-29T03:30:00+02:00  Europe/Berlin  (02:30 does not exist on 2026-03-29: shifted"
                + " forward by the daylight-saving gap)",
            "2026-03-30T02:30:00+02:00  Europe/Berlin");
  }

  @Test
  void next_on_fall_back_fires_a_wall_time_once_and_an_every_hour_schedule_in_both_hours() {
    // 30 1 * * * fires once (first 01:30); */30 * * * * follows elapsed time and fires both hours.
    CliRun r =
        jobs(
            "next",
            "fallback",
            "--from",
            "2026-11-01T00:45:00-04:00",
            "--count",
            "6",
            "--output",
            "json");
    List<String> local = new ArrayList<>();
    r.json().get("fires").forEach(f -> local.add(f.get("local").asText()));
    assertThat(local)
        .containsExactly(
            "2026-11-01T01:00:00-04:00",
            "2026-11-01T01:30:00-04:00",
            "2026-11-01T01:00:00-05:00",
            "2026-11-01T01:30:00-05:00",
            "2026-11-01T02:00:00-05:00",
            "2026-11-01T02:30:00-05:00");
  }

  @Test
  void next_reads_a_local_from_in_the_jobs_zone_and_is_exclusive() {
    CliRun r = jobs("next", "nightly", "--from", "2026-06-01T02:30:00", "--count", "1");
    assertThat(r.out().strip()).isEqualTo("2026-06-02T02:30:00+02:00  Europe/Berlin");
  }

  @Test
  void next_of_a_file_outside_the_folder_and_of_a_manual_job() throws IOException {
    Path outside =
        Files.writeString(
            dir.resolve("hourly.yaml"),
            """
            id: hourly
            schedule: { cron: "@hourly", timezone: Asia/Kolkata }
            task: { type: builtin, name: noop }
            """);
    CliRun file = CliRun.run("next", "--file", outside.toString(), "--count", "1");
    assertThat(file.out().strip()).isEqualTo("2026-11-21T18:00:00+05:30  Asia/Kolkata");
    CliRun manual = jobs("next", "by-hand", "--output", "json");
    assertThat(manual.exit()).isZero();
    assertThat(manual.json().get("fires")).isEmpty();
  }

  @Test
  void next_of_an_unknown_job_is_job_not_found_exit_3_with_the_envelope() {
    CliRun r = jobs("next", "ghost", "--output", "json");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.errorJson().at("/error/code").asText()).isEqualTo("job_not_found");
    assertThat(r.errorJson().at("/error/jobId").asText()).isEqualTo("ghost");
  }

  @Test
  void next_of_an_invalid_spec_is_job_invalid_spec_exit_2() throws IOException {
    spec(
        "bad.yaml",
        "id: bad\n"
            + "schedule: { cron: \"* * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    CliRun r = jobs("next", "bad");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("[job_invalid_spec]").contains("schedule.cron:");
  }

  @Test
  void bad_arguments_are_invalid_argument_exit_2() {
    assertThat(jobs("next", "nightly", "--from", "yesterday").exit()).isEqualTo(2);
    assertThat(jobs("next", "nightly", "--count", "0").exit()).isEqualTo(2);
    CliRun unknown = jobs("next", "nightly", "--colour", "--output", "json");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.errorJson().at("/error/code").asText()).isEqualTo("invalid_argument");
    CliRun both = jobs("next", "nightly", "--file", "x.yaml");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("[invalid_argument]");
  }

  @Test
  void jobs_with_no_command_prints_the_help_and_exits_0() {
    CliRun bare = CliRun.run();
    assertThat(bare.exit()).as(bare.err()).isZero();
    assertThat(bare.out()).contains("Usage: jobs").contains("serve").contains("store");
    assertThat(bare.err()).isEmpty();
  }

  @Test
  void each_error_is_printed_once() {
    CliRun both = jobs("run", "nightly", "--local", "--fire-time", "2026-01-01T00:00:00Z");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(occurrences(both.err(), "cannot be combined with --fire-time")).isEqualTo(1);
    CliRun count = jobs("next", "nightly", "--count", "0");
    assertThat(count.exit()).isEqualTo(2);
    assertThat(count.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
    assertThat(count.err().lines().filter(l -> l.startsWith("  ")).toList()).isEmpty();
  }

  private static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void a_bad_config_is_config_invalid_exit_2() throws IOException {
    Files.writeString(config, "jobs: { dri: x }\n");
    CliRun r = jobs("list", "--output", "json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errorJson().at("/error/code").asText()).isEqualTo("config_invalid");
    assertThat(r.errorJson().at("/error/details/0/path").asText()).isEqualTo("jobs.dri");
  }
}
