package dev.cronstone.model;

import static dev.cronstone.model.Specs.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.error.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs, each with exactly the problems it must report: a path and a fragment of the message
 * per problem, no more, no fewer.
 */
class BadSpecTest {
  private static final String ID = "id: demo";
  private static final String NOOP = "task: {type: builtin, name: noop}";

  record Expected(String path, String fragment) {
    @Override
    public String toString() {
      return path + ": ..." + fragment + "...";
    }
  }

  record Row(String name, String source, String text, List<Expected> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row row(String name, String text, String... pathsAndFragments) {
    return sourced(name, "job.yaml", text, pathsAndFragments);
  }

  private static Row sourced(String name, String source, String text, String... pathsAndFragments) {
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < pathsAndFragments.length; i += 2) {
      expected.add(new Expected(pathsAndFragments[i], pathsAndFragments[i + 1]));
    }
    return new Row(name, source, text, expected);
  }

  static Stream<Row> rows() {
    return Stream.of(
        row(
            "unknown top-level field with a suggestion",
            lines(ID, NOOP, "descripton: nightly"),
            "descripton",
            "unknown field 'descripton'; did you mean 'description'?"),
        row(
            "misspelt task field, so the real one is missing",
            lines(ID, "task:", "  type: command", "  comand: [/bin/true]"),
            "task.comand",
            "unknown field 'comand'; did you mean 'command'?",
            "task.command",
            "missing required field 'command'"),
        row(
            "wrong type for an integer",
            lines(ID, NOOP, "limits: {maxConcurrent: two}"),
            "limits.maxConcurrent",
            "expected an integer, got \"two\""),
        row(
            "integer below its range",
            lines(ID, NOOP, "limits: {maxConcurrent: 0}"),
            "limits.maxConcurrent",
            "must be between 1 and 1000, got 0"),
        row(
            "integer above its range",
            lines(ID, NOOP, "retry: {maxAttempts: 21}"),
            "retry.maxAttempts",
            "must be between 1 and 20, got 21"),
        row(
            "huge integer",
            lines(ID, NOOP, "retry: {maxAttempts: 123456789012345678901234567890}"),
            "retry.maxAttempts",
            "must be between 1 and 20"),
        row(
            "a fraction where an integer goes",
            lines(ID, NOOP, "retry: {maxAttempts: 2.5}"),
            "retry.maxAttempts",
            "expected an integer, got 2.5"),
        row(
            "duration that is not ISO-8601",
            lines(ID, NOOP, "limits: {timeout: PT5X}"),
            "limits.timeout",
            "'PT5X' is not an ISO-8601 duration"),
        row(
            "negative duration",
            lines(ID, NOOP, "limits: {timeout: -PT5S}"),
            "limits.timeout",
            "must be positive, got '-PT5S'"),
        row(
            "zero duration where it must be positive",
            lines(ID, NOOP, "limits: {timeout: PT0S}"),
            "limits.timeout",
            "must be positive, got 'PT0S'"),
        row(
            "duration written as a number",
            lines(ID, NOOP, "limits: {timeout: 30}"),
            "limits.timeout",
            "expected an ISO-8601 duration such as PT30S, got 30"),
        row(
            "months have no fixed length",
            lines(ID, NOOP, "retention: {olderThan: P1M}"),
            "retention.olderThan",
            "months and years have no fixed length"),
        row(
            "maxDelay shorter than initialDelay",
            lines(ID, NOOP, "retry: {initialDelay: PT10M, maxDelay: PT5M}"),
            "retry.maxDelay",
            "must be at least initialDelay (PT10M), got PT5M"),
        row(
            "negative initialDelay",
            lines(ID, NOOP, "retry: {initialDelay: -PT1S}"),
            "retry.initialDelay",
            "must not be negative"),
        row(
            "unknown retry outcome and backoff",
            lines(ID, NOOP, "retry: {backoff: linear, retryOn: [failed, crashed]}"),
            "retry.backoff",
            "'linear' is not one of fixed, exponential",
            "retry.retryOn[1]",
            "'crashed' is not one of failed, timed_out"),
        row(
            "unknown overlap policy",
            lines(ID, NOOP, "limits: {overlap: parallel}"),
            "limits.overlap",
            "'parallel' is not one of skip, queue, replace"),
        row(
            "id with capitals and a blank",
            lines("id: Nightly Report", NOOP),
            "id",
            "starting with a letter or digit; did you mean 'nightly-report'?"),
        row("id too long", lines("id: " + "a".repeat(64), NOOP), "id", "is not a valid id"),
        row("id not a string", lines("id: [a]", NOOP), "id", "expected a string, got a list"),
        row(
            "missing id and task",
            lines("description: nothing else"),
            "id",
            "missing required field 'id'",
            "task",
            "missing required field 'task'"),
        row(
            "task without a type",
            lines(ID, "task: {command: [/bin/true]}"),
            "task.type",
            "missing required field 'type' (one of command, http, builtin)"),
        row(
            "unknown task type, and a field no type has",
            lines(ID, "task: {type: shell, script: x}"),
            "task.type",
            "'shell' is not one of command, http, builtin",
            "task.script",
            "unknown field 'script'"),
        row(
            "field of another task type",
            lines(ID, "task: {type: command, command: [/bin/true], url: 'http://x'}"),
            "task.url",
            "field 'url' belongs to http tasks; this is a command task"),
        row(
            "command as a shell string",
            lines(ID, "task: {type: command, command: 'echo hi'}"),
            "task.command",
            "commands never run through a shell"),
        row(
            "empty command",
            lines(ID, "task: {type: command, command: []}"),
            "task.command",
            "must name at least the program to run"),
        row(
            "non-string argument and a blank program",
            lines(ID, "task: {type: command, command: ['', 5]}"),
            "task.command[1]",
            "expected a string, got 5 (quote it",
            "task.command[0]",
            "the program must not be empty"),
        row(
            "bad env name and a non-string env value",
            lines(
                ID,
                "task:",
                "  type: command",
                "  command: [/bin/true]",
                "  env: {1BAD: x, PORT: 8080}"),
            "task.env.1BAD",
            "'1BAD' is not an environment variable name",
            "task.env.PORT",
            "expected a string, got 8080"),
        row(
            "schedule without a timezone",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *'}"),
            "schedule.timezone",
            "missing required field 'timezone'"),
        row(
            "schedule that is not a mapping",
            lines(ID, NOOP, "schedule: '30 2 * * *'"),
            "schedule",
            "expected a mapping, got \"30 2 * * *\""),
        row(
            "zone abbreviation",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: EST}"),
            "schedule.timezone",
            "'EST' is not an IANA region id"),
        row(
            "fixed offset",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: '+02:00'}"),
            "schedule.timezone",
            "'+02:00' is not an IANA region id: a fixed UTC offset"),
        row(
            "GMT offset",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: GMT+1}"),
            "schedule.timezone",
            "'GMT+1' is not an IANA region id: a fixed UTC offset"),
        row(
            "UTC offset",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: UTC+2}"),
            "schedule.timezone",
            "'UTC+2' is not an IANA region id: a fixed UTC offset"),
        row(
            "Etc offset zone",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: Etc/GMT+1}"),
            "schedule.timezone",
            "'Etc/GMT+1' is not an IANA region id: a fixed UTC offset"),
        row(
            "zone in the wrong case",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: europe/berlin}"),
            "schedule.timezone",
            "did you mean 'Europe/Berlin'?"),
        row(
            "misspelt zone",
            lines(ID, NOOP, "schedule: {cron: '30 2 * * *', timezone: Europe/Berln}"),
            "schedule.timezone",
            "'Europe/Berln' is not an IANA region id: did you mean 'Europe/Berlin'?"),
        row(
            "one bad expression of a list",
            lines(
                ID,
                NOOP,
                "schedule:",
                "  cron: ['30 2 * * *', '61 2 * * *']",
                "  timezone: Europe/Berlin"),
            "schedule.cron[1]",
            "invalid cron expression '61 2 * * *'"),
        row(
            "a single bad expression",
            lines(ID, NOOP, "schedule: {cron: 'every day', timezone: UTC}"),
            "schedule.cron",
            "invalid cron expression 'every day'"),
        row(
            "empty list of expressions",
            lines(ID, NOOP, "schedule: {cron: [], timezone: UTC}"),
            "schedule.cron",
            "must list at least one cron expression"),
        row(
            "expression that fires only in a past year",
            lines(ID, NOOP, "schedule: {cron: '0 0 0 1 1 ? 2020', timezone: UTC}"),
            "schedule.cron",
            "never fires in the next 10 years"),
        row(
            "expression whose first fire is more than 10 years away",
            lines(
                ID,
                NOOP,
                "schedule:",
                "  cron: ['0 * * * *', '0 0 0 1 1 ? 2199']",
                "  timezone: UTC"),
            "schedule.cron[1]",
            "'0 0 0 1 1 ? 2199' never fires in the next 10 years"),
        row(
            "catch-up fields with another misfire policy",
            lines(
                ID,
                NOOP,
                "schedule: {cron: '@daily', timezone: UTC, misfire: skip,",
                "  catchUpWindow: PT1H, maxCatchUp: 3}"),
            "schedule.catchUpWindow",
            "only allowed with misfire: catch_up (misfire is skip)",
            "schedule.maxCatchUp",
            "only allowed with misfire: catch_up (misfire is skip)"),
        row(
            "catch-up field with the default misfire policy",
            lines(ID, NOOP, "schedule: {cron: '@daily', timezone: UTC, maxCatchUp: 3}"),
            "schedule.maxCatchUp",
            "(misfire defaults to fire_once_now)"),
        row(
            "unknown misfire policy",
            lines(ID, NOOP, "schedule: {cron: '@daily', timezone: UTC, misfire: sometimes}"),
            "schedule.misfire",
            "'sometimes' is not one of fire_once_now, skip, catch_up"),
        row(
            "http task problems",
            lines(
                ID,
                "task:",
                "  type: http",
                "  url: ftp://example.com/x",
                "  method: get",
                "  headers: {Host: example.com, X-A: a, x-a: b}",
                "  expectStatus: [200, 6xx, 99]"),
            "task.url",
            "must be an absolute http:// or https:// URL",
            "task.method",
            "'get' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS; did you mean 'GET'?",
            "task.headers.Host",
            "is set by the HTTP client",
            "task.headers.x-a",
            "repeats 'X-A' (header names ignore case)",
            "task.expectStatus[1]",
            "expected a status code 100-599 or a class 1xx-5xx, got \"6xx\"",
            "task.expectStatus[2]",
            "got 99"),
        row(
            "http task without a url",
            lines(ID, "task: {type: http, body: '{}'}"),
            "task.url",
            "missing required field 'url'"),
        row(
            "sleep without its duration",
            lines(ID, "task: {type: builtin, name: sleep}"),
            "task.args.duration",
            "missing required field 'duration' for builtin 'sleep'"),
        row(
            "echo with an unknown argument and no message",
            lines(ID, "task: {type: builtin, name: echo, args: {colour: red}}"),
            "task.args.message",
            "missing required field 'message' for builtin 'echo'",
            "task.args.colour",
            "unknown argument 'colour' for builtin 'echo' (it takes: message)"),
        row(
            "noop with an argument",
            lines(ID, "task: {type: builtin, name: noop, args: {x: 1}}"),
            "task.args.x",
            "(it takes none)"),
        row(
            "unknown builtin",
            lines(ID, "task: {type: builtin, name: explode}"),
            "task.name",
            "'explode' is not one of noop, sleep, fail, echo"),
        row(
            "empty retention",
            lines(ID, NOOP, "retention: {}"),
            "retention",
            "set keepLast, olderThan or both"),
        row(
            "pause after no failures",
            lines(ID, NOOP, "policy: {pauseAfterFailures: 0}"),
            "policy.pauseAfterFailures",
            "must be between 1 and 1000, got 0"),
        row(
            "pause after failures as text",
            lines(ID, NOOP, "policy: {pauseAfterFailures: three}"),
            "policy.pauseAfterFailures",
            "three"),
        row(
            "unknown policy field",
            lines(ID, NOOP, "policy: {pauseAfterFailure: 3}"),
            "policy.pauseAfterFailure",
            "unknown field"),
        row(
            "retention keeping nothing",
            lines(ID, NOOP, "retention: {keepLast: 0}"),
            "retention.keepLast",
            "must be at least 1, got 0"),
        row(
            "secret reference in parameters",
            lines(ID, NOOP, "parameters: {token: '${env:API_TOKEN}'}"),
            "parameters.token",
            "secret references (${env:NAME}) are only allowed in task.env values"),
        row(
            "secret reference in a command argument",
            lines(ID, "task: {type: command, command: [/bin/echo, '${env:API_TOKEN}']}"),
            "task.command[1]",
            "secret references (${env:NAME}) are only allowed in"),
        row(
            "bad secret name in a header",
            lines(
                ID,
                "task: {type: http, url: 'https://x.test', headers: {Authorization: 'Bearer"
                    + " ${env:1X}'}}"),
            "task.headers.Authorization",
            "'${env:1X}': environment variable names must match"),
        row(
            "unterminated placeholder",
            lines(ID, "task: {type: command, command: [/bin/echo, '${fireDate']}"),
            "task.command[1]",
            "unterminated placeholder"),
        row(
            "unknown placeholder",
            lines(ID, "task: {type: command, command: [/bin/echo, '${fireDay}']}"),
            "task.command[1]",
            "unknown placeholder '${fireDay}'; known: ${jobId}, ${fireTime}, ${fireDate}"),
        row(
            "batch size of zero",
            lines(ID, NOOP, "limits: {batchSize: 0}"),
            "limits.batchSize",
            "must be at least 1, got 0"),
        row(
            "negative batch size",
            lines(ID, NOOP, "limits: {batchSize: -500}"),
            "limits.batchSize",
            "must be at least 1, got -500"),
        row(
            "batch size as text",
            lines(ID, NOOP, "limits: {batchSize: '500'}"),
            "limits.batchSize",
            "expected an integer, got \"500\""),
        row(
            "fractional batch size",
            lines(ID, NOOP, "limits: {batchSize: 2.5}"),
            "limits.batchSize",
            "expected an integer, got 2.5"),
        row(
            "batch size beyond an int",
            lines(ID, NOOP, "limits: {batchSize: 3000000000}"),
            "limits.batchSize",
            "must be between 1 and 2147483647, got 3000000000"),
        row(
            "misspelt batch size",
            lines(ID, NOOP, "limits: {batchsize: 10}"),
            "limits.batchsize",
            "unknown field 'batchsize'; did you mean 'batchSize'?"),
        row(
            "${batchSize} without limits.batchSize",
            lines(ID, "task: {type: command, command: [/bin/load, '--batch=${batchSize}']}"),
            "task.command[1]",
            "'${batchSize}' needs limits.batchSize: set it, or write $${batchSize}"),
        row(
            "${batchSize} with a batch size of null",
            lines(
                ID,
                "task: {type: http, url: 'http://x/y?n=${batchSize}'}",
                "limits: {batchSize: ~}"),
            "task.url",
            "'${batchSize}' needs limits.batchSize"),
        row(
            "quoted boolean",
            lines(ID, NOOP, "enabled: 'yes'"),
            "enabled",
            "expected true or false, got \"yes\""),
        row(
            "parameters that are not an object",
            lines(ID, NOOP, "parameters: [1, 2]"),
            "parameters",
            "expected a mapping (a JSON object), got a list"),
        sourced(
            "JSON spec with a wrong type",
            "job.json",
            "{\"id\": \"demo\", \"task\": {\"type\": \"builtin\", \"name\": \"noop\"},"
                + " \"limits\": {\"maxConcurrent\": \"two\"}}",
            "limits.maxConcurrent",
            "expected an integer, got \"two\""),
        row(
            "many problems in one file, all reported",
            lines(
                "id: Bad_ID",
                "enabled: maybe",
                "schedule:",
                "  cron: ['30 2 * * *', 'nope']",
                "  timezone: EST",
                "task:",
                "  type: command",
                "  comand: [x]",
                "retry: {maxAttempts: 0, initialDelay: PT5X}",
                "limits: {maxConcurrent: two, overlap: parallel}",
                "extra: 1"),
            "id",
            "'Bad_ID' is not a valid id",
            "enabled",
            "expected true or false, got \"maybe\"",
            "schedule.cron[1]",
            "invalid cron expression 'nope'",
            "schedule.timezone",
            "'EST' is not an IANA region id",
            "task.command",
            "missing required field 'command'",
            "task.comand",
            "unknown field 'comand'",
            "retry.maxAttempts",
            "must be between 1 and 20, got 0",
            "retry.initialDelay",
            "'PT5X' is not an ISO-8601 duration",
            "limits.maxConcurrent",
            "expected an integer",
            "limits.overlap",
            "'parallel' is not one of",
            "extra",
            "unknown field 'extra'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reports_exactly_the_expected_problems(Row row) {
    SpecFile file = Specs.parse(row.source(), row.text());

    assertThat(file.valid()).as("valid").isFalse();
    assertThat(file.spec()).isEmpty();
    assertThat(file.problems()).as("problems of %s", row.name()).hasSize(row.expected().size());
    for (Expected expected : row.expected()) {
      assertThat(file.problems())
          .as("problems of %s", row.name())
          .anySatisfy(
              p -> {
                assertThat(p.path()).isEqualTo(expected.path());
                assertThat(p.problem()).contains(expected.fragment());
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void every_problem_is_one_line(Row row) {
    for (Problem problem : Specs.parse(row.source(), row.text()).problems()) {
      assertThat(problem.problem()).doesNotContain("\n").doesNotContain("Exception");
    }
  }
}
