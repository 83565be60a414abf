package dev.cronstone.model;

import static dev.cronstone.model.Specs.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoodSpecTest {
  static String resourceText(String name) {
    try (InputStream in = GoodSpecTest.class.getResourceAsStream("/specs/good/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SpecFile resource(String name) {
    return Specs.parse(name, resourceText(name));
  }

  static JobSpec spec(String name) {
    SpecFile file = resource(name);
    assertThat(file.problems()).as(name).isEmpty();
    return file.spec().orElseThrow();
  }

  @Test
  void a_batch_size_is_read_written_out_and_usable_as_a_placeholder() {
    SpecFile file =
        Specs.yaml(
            lines(
                "id: load",
                "task:",
                "  type: command",
                "  command: [/bin/load, '--batch=${batchSize}', '$${batchSize}']",
                "  env: {SIZE: '${batchSize}'}",
                "limits: {batchSize: 500}"));

    JobSpec spec = file.spec().orElseThrow();
    assertThat(spec.limits().batchSize()).contains(500);
    assertThat(spec.limits())
        .isEqualTo(new LimitsSpec(Duration.ofMinutes(30), 1, Overlap.SKIP, Optional.of(500)));
    assertThat(SpecJson.tree(spec).at("/limits/batchSize").intValue()).isEqualTo(500);
    assertThat(Specs.json(SpecJson.canonicalJson(spec)).spec()).contains(spec);
  }

  @Test
  void without_a_batch_size_the_canonical_form_and_hash_are_unchanged() {
    JobSpec spec =
        Specs.yaml(lines("id: plain", "task: {type: builtin, name: noop}")).spec().orElseThrow();

    assertThat(spec.limits().batchSize()).isEmpty();
    assertThat(SpecJson.tree(spec).path("limits").has("batchSize")).isFalse();
    assertThat(SpecJson.canonicalJson(spec))
        .contains("\"limits\":{\"timeout\":\"PT30M\",\"maxConcurrent\":1,\"overlap\":\"skip\"}");
  }

  @Test
  void a_minimal_spec_gets_every_default() {
    SpecFile file = Specs.yaml(lines("id: minimal", "task: {type: builtin, name: noop}"));

    JobSpec spec = file.spec().orElseThrow();
    assertThat(file.valid()).isTrue();
    assertThat(file.jobId()).contains("minimal");
    assertThat(spec.description()).isEmpty();
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.recover()).isTrue();
    assertThat(spec.manualOnly()).isTrue();
    assertThat(spec.task()).isEqualTo(BuiltinTask.noop());
    assertThat(spec.retry()).isEqualTo(RetrySpec.defaults());
    assertThat(spec.retry().maxAttempts()).isEqualTo(1);
    assertThat(spec.retry().backoff()).isEqualTo(Backoff.EXPONENTIAL);
    assertThat(spec.retry().initialDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.retry().maxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.retry().retryOn()).containsExactly(RetryOutcome.FAILED, RetryOutcome.TIMED_OUT);
    assertThat(spec.limits()).isEqualTo(new LimitsSpec(Duration.ofMinutes(30), 1, Overlap.SKIP));
    assertThat(spec.parameters().isEmpty()).isTrue();
    assertThat(spec.retention()).isEmpty();
    assertThat(spec.policy()).isEqualTo(JobPolicy.none());
  }

  @Test
  void pause_after_failures_is_read_and_only_then_written_to_the_canonical_json() {
    JobSpec plain =
        Specs.yaml(lines("id: p", "task: {type: builtin, name: noop}")).spec().orElseThrow();
    JobSpec empty =
        Specs.yaml(lines("id: p", "task: {type: builtin, name: noop}", "policy: {}"))
            .spec()
            .orElseThrow();
    JobSpec pausing =
        Specs.yaml(
                lines(
                    "id: p",
                    "task: {type: builtin, name: noop}",
                    "policy: {pauseAfterFailures: 3}"))
            .spec()
            .orElseThrow();

    assertThat(pausing.policy().pauseAfterFailures()).contains(3);
    assertThat(SpecJson.canonicalJson(plain)).doesNotContain("policy");
    assertThat(SpecJson.contentHash(empty)).isEqualTo(SpecJson.contentHash(plain));
    assertThat(SpecJson.canonicalJson(pausing)).endsWith(",\"policy\":{\"pauseAfterFailures\":3}}");
    assertThat(Specs.json(SpecJson.canonicalJson(pausing)).spec()).contains(pausing);
  }

  @Test
  void schedule_and_task_defaults_are_filled() {
    JobSpec spec =
        Specs.yaml(
                lines(
                    "id: d",
                    "schedule: {cron: '0 3 * * *', timezone: Asia/Tokyo}",
                    "task: {type: http, url: 'http://localhost:8080/x'}"))
            .spec()
            .orElseThrow();

    ScheduleSpec schedule = spec.schedule().orElseThrow();
    assertThat(schedule.misfire()).isEqualTo(Misfire.FIRE_ONCE_NOW);
    assertThat(schedule.catchUpWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(schedule.maxCatchUp()).isEqualTo(10);
    assertThat(spec.task()).isEqualTo(HttpTask.get("http://localhost:8080/x"));
    assertThat(((HttpTask) spec.task()).expects(204)).isTrue();
    assertThat(((HttpTask) spec.task()).expects(404)).isFalse();
  }

  @Test
  void a_full_spec_reads_every_field() {
    JobSpec spec = spec("nightly-report.yaml");

    assertThat(spec.id()).isEqualTo("nightly-report");
    assertThat(spec.description()).contains("Build the nightly report");
    assertThat(spec.schedule())
        .contains(
            new ScheduleSpec(
                List.of("30 2 * * *"),
                ZoneId.of("Europe/Berlin"),
                Misfire.CATCH_UP,
                Duration.ofHours(6),
                10));
    assertThat(spec.task())
        .isEqualTo(
            new CommandTask(
                List.of("/usr/bin/env", "python3", "report.py", "--day", "${fireDate}"),
                Optional.of("/srv/reports"),
                Map.of("REPORT_BUCKET", "reports", "REPORT_TOKEN", "${env:REPORT_TOKEN}")));
    assertThat(spec.retry().maxAttempts()).isEqualTo(3);
    assertThat(spec.retention())
        .contains(new RetentionSpec(Optional.of(1000), Optional.of(Duration.ofDays(30))));
    assertThat(spec.parameters().json().get("batchSize").intValue()).isEqualTo(500);
  }

  @Test
  void an_http_spec_keeps_secret_references_as_written_and_lists_them() {
    JobSpec spec = spec("api-ping.yml");

    HttpTask http = (HttpTask) spec.task();
    assertThat(http.url()).isEqualTo("https://${env:API_HOST}/v1/ping?day=${fireDate}");
    assertThat(http.method()).isEqualTo(HttpMethod.POST);
    assertThat(http.headers()).containsEntry("Authorization", "Bearer ${env:API_TOKEN}");
    assertThat(http.expectStatus())
        .containsExactly(
            StatusPattern.ofCode(200), StatusPattern.ofCode(204), StatusPattern.ofClass(3));
    assertThat(spec.secretEnvNames()).containsExactly("API_HOST", "API_TOKEN");
    assertThat(SecretRefs.envNames(spec("nightly-report.yaml"))).containsExactly("REPORT_TOKEN");
    assertThat(SecretRefs.envNames(spec("manual-sleep.yaml"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nightly-report.yaml",
        "nightly-report.json",
        "api-ping.yml",
        "manual-sleep.yaml",
        "echo.json",
        "fail-quietly.yaml"
      })
  void canonical_json_parses_back_to_an_equal_spec(String name) {
    JobSpec spec = spec(name);
    String canonical = SpecJson.canonicalJson(spec);

    SpecFile again = Specs.parse(name + ".canonical.json", canonical);

    assertThat(again.problems()).isEmpty();
    assertThat(again.spec()).contains(spec);
    assertThat(SpecJson.canonicalJson(again.spec().orElseThrow())).isEqualTo(canonical);
  }

  @Test
  void yaml_and_json_of_the_same_spec_have_the_same_hash() {
    JobSpec yaml = spec("nightly-report.yaml");
    JobSpec json = spec("nightly-report.json");

    assertThat(json).isEqualTo(yaml);
    assertThat(SpecJson.contentHash(json)).isEqualTo(SpecJson.contentHash(yaml)).hasSize(64);
  }

  @Test
  void comments_blanks_and_key_order_do_not_change_the_hash_but_a_value_does() {
    String plain = lines("id: h", "task: {type: builtin, name: echo, args: {message: hi}}");
    String reformatted =
        lines(
            "# a comment",
            "task:",
            "  args:",
            "    message: hi   # same",
            "  name: echo",
            "  type: builtin",
            "",
            "id: h",
            "retry: {maxAttempts: 1}");
    String changed = plain.replace("hi", "ho");

    String hash = SpecJson.contentHash(Specs.yaml(plain).spec().orElseThrow());

    assertThat(SpecJson.contentHash(Specs.yaml(reformatted).spec().orElseThrow())).isEqualTo(hash);
    assertThat(SpecJson.contentHash(Specs.yaml(changed).spec().orElseThrow())).isNotEqualTo(hash);
  }

  @Test
  void canonical_json_has_a_stable_shape() {
    JobSpec spec =
        Specs.yaml(
                lines(
                    "id: shape",
                    "parameters: {b: 1, a: {d: 2, c: 3}}",
                    "retention: {olderThan: PT48H}",
                    "task: {type: builtin, name: sleep, args: {duration: PT1M}}"))
            .spec()
            .orElseThrow();

    assertThat(SpecJson.canonicalJson(spec))
        .isEqualTo(
            "{\"id\":\"shape\",\"enabled\":true,\"recover\":true,"
                + "\"task\":{\"type\":\"builtin\",\"name\":\"sleep\",\"args\":{\"duration\":\"PT1M\"}},"
                + "\"retry\":{\"maxAttempts\":1,\"backoff\":\"exponential\",\"initialDelay\":\"PT10S\","
                + "\"maxDelay\":\"PT5M\",\"retryOn\":[\"failed\",\"timed_out\"]},"
                + "\"limits\":{\"timeout\":\"PT30M\",\"maxConcurrent\":1,\"overlap\":\"skip\"},"
                + "\"parameters\":{\"a\":{\"c\":3,\"d\":2},\"b\":1},"
                + "\"retention\":{\"olderThan\":\"P2D\"}}");
  }

  @Test
  void a_single_cron_string_is_a_list_of_one_with_blanks_collapsed() {
    JobSpec single =
        Specs.yaml(
                lines(
                    "id: c",
                    "schedule: {cron: ' 30  2 * * * ', timezone: UTC}",
                    "task: {type: builtin, name: noop}"))
            .spec()
            .orElseThrow();
    JobSpec list =
        Specs.yaml(
                lines(
                    "id: c",
                    "schedule: {cron: ['30 2 * * *'], timezone: UTC}",
                    "task: {type: builtin, name: noop}"))
            .spec()
            .orElseThrow();

    assertThat(single).isEqualTo(list);
    assertThat(single.schedule().orElseThrow().cron()).containsExactly("30 2 * * *");
  }

  @Test
  void null_fields_count_as_absent() {
    JobSpec spec = spec("fail-quietly.yaml");

    assertThat(spec.description()).isEmpty();
    assertThat(spec.task()).isEqualTo(BuiltinTask.fail(Optional.empty()));
  }

  @Test
  void a_long_initial_delay_raises_the_default_max_delay() {
    JobSpec spec =
        Specs.yaml(
                lines(
                    "id: r",
                    "task: {type: builtin, name: noop}",
                    "retry: {maxAttempts: 3, initialDelay: PT10M}"))
            .spec()
            .orElseThrow();

    assertThat(spec.retry().maxDelay()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void durations_accept_days_and_weeks() {
    JobSpec spec =
        Specs.yaml(
                lines(
                    "id: w",
                    "task: {type: builtin, name: noop}",
                    "retention: {olderThan: P2W}",
                    "limits: {timeout: P1D}"))
            .spec()
            .orElseThrow();

    assertThat(spec.retention().orElseThrow().olderThan()).contains(Duration.ofDays(14));
    assertThat(spec.limits().timeout()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void utc_and_legacy_area_location_zones_are_accepted() {
    for (String zone : List.of("UTC", "Etc/UTC", "America/Argentina/Buenos_Aires", "US/Eastern")) {
      SpecFile file =
          Specs.yaml(
              lines(
                  "id: z",
                  "task: {type: builtin, name: noop}",
                  "schedule: {cron: '@hourly', timezone: '" + zone + "'}"));
      assertThat(file.problems()).as(zone).isEmpty();
      assertThat(file.spec().orElseThrow().schedule().orElseThrow().timezone())
          .isEqualTo(ZoneId.of(zone));
    }
  }

  @Test
  void the_file_name_need_not_match_the_id() {
    SpecFile file =
        Specs.parse(
            "whatever-name.yml", lines("id: the-real-id", "task: {type: builtin, name: noop}"));

    assertThat(file.jobId()).contains("the-real-id");
    assertThat(file.valid()).isTrue();
  }

  @Test
  void an_invalid_file_gives_the_section_7_envelope_with_its_job_id() {
    SpecFile file =
        Specs.parse(
            "config/jobs/nightly-report.yaml",
            lines(
                "id: nightly-report",
                "task: {type: builtin, name: noop}",
                "schedule: {cron: '30 2 * * *', timezone: EST}",
                "limits: {maxConcurrent: 0}"));

    var error = file.envelope().error();
    assertThat(error.code()).isEqualTo("job_invalid_spec");
    assertThat(error.message()).isEqualTo("2 problems in nightly-report.yaml");
    assertThat(error.jobId()).isEqualTo("nightly-report");
    assertThat(error.details())
        .extracting(p -> p.path())
        .containsExactly("schedule.timezone", "limits.maxConcurrent");
    assertThat(error.details().get(0).problem()).startsWith("'EST' is not an IANA region id");
    assertThat(file.exception().code().exitCode()).isEqualTo(2);
  }

  @Test
  void placeholders_in_templated_fields_are_kept_for_run_time() {
    JobSpec spec =
        Specs.yaml(
                lines(
                    "id: p",
                    "task: {type: command, command: [/bin/echo, '${fireDate}', '$${literal}', 'cost"
                        + " $5']}",
                    "description: 'mentions ${fireDate} literally'"))
            .spec()
            .orElseThrow();

    assertThat(((CommandTask) spec.task()).command())
        .containsExactly("/bin/echo", "${fireDate}", "$${literal}", "cost $5");
  }

  @Test
  void every_example_job_in_the_repository_is_valid() {
    SpecSet set = Specs.LOADER.loadAll(List.of(java.nio.file.Path.of("../config/jobs")));

    assertThat(set.invalid()).isEmpty();
    assertThat(set.validSpecs()).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void parameters_cannot_be_changed_from_outside() {
    JobSpec spec = spec("nightly-report.yaml");

    spec.parameters().json().put("batchSize", 1);

    assertThat(spec.parameters().json().get("batchSize").intValue()).isEqualTo(500);
  }

  @Test
  void retry_delays_grow_exponentially_up_to_the_cap_or_stay_fixed() {
    RetrySpec exponential =
        new RetrySpec(
            5,
            Backoff.EXPONENTIAL,
            Duration.ofSeconds(10),
            Duration.ofSeconds(50),
            RetrySpec.DEFAULT_RETRY_ON);
    RetrySpec fixed =
        new RetrySpec(
            5,
            Backoff.FIXED,
            Duration.ofSeconds(10),
            Duration.ofSeconds(50),
            Set.of(RetryOutcome.FAILED));

    assertThat(List.of(1, 2, 3, 4).stream().map(exponential::delayAfter))
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(50));
    assertThat(fixed.delayAfter(4)).isEqualTo(Duration.ofSeconds(10));
    assertThat(fixed.retries(RetryOutcome.TIMED_OUT, 1)).isFalse();
    assertThat(fixed.retries(RetryOutcome.FAILED, 4)).isTrue();
    assertThat(fixed.retries(RetryOutcome.FAILED, 5)).isFalse();
  }

  @Test
  void enums_use_the_spec_names() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();

    assertThat(mapper.writeValueAsString(Misfire.FIRE_ONCE_NOW)).isEqualTo("\"fire_once_now\"");
    assertThat(mapper.writeValueAsString(RetryOutcome.TIMED_OUT)).isEqualTo("\"timed_out\"");
    assertThat(mapper.writeValueAsString(HttpMethod.GET)).isEqualTo("\"GET\"");
    assertThat(Overlap.REPLACE).hasToString("replace");
  }
}
