package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CAP = 64;
  private final Redactor redactor = Redactor.of(List.of(Runs.SECRET));

  @TempDir Path tmp;

  private ArtifactWriter writer() {
    return new ArtifactWriter(tmp.resolve("runs"), CAP, ArtifactsOwnerFixture.OWNER);
  }

  private ArtifactResult write(Optional<Outcome.Output> output) {
    return writer().write(Runs.failedRun(), Runs.attempts(), Runs.events(), output, redactor);
  }

  private Path folder() {
    return tmp.resolve("runs").resolve("nightly-report").resolve("000042");
  }

  @Test
  void the_receipt_holds_the_run_and_its_attempts_field_by_field_with_secrets_masked()
      throws IOException {
    ArtifactResult result = write(Optional.of(new Outcome.Output("ok\n", "", false)));

    assertThat(result.ok()).as(result.failure().orElse("")).isTrue();
    assertThat(result.folder()).contains(folder().toAbsolutePath());
    assertThat(result.written())
        .containsExactly(
            "stdout.log", "stderr.log", "events.jsonl", "summary.md", "run_receipt.json");
    JsonNode r = JSON.readTree(folder().resolve("run_receipt.json").toFile());
    assertThat(fieldNames(r))
        .containsExactly(
            "schemaVersion",
            "runId",
            "jobId",
            "runNo",
            "kind",
            "intendedFire",
            "replayOf",
            "status",
            "reason",
            "error",
            "requestedBy",
            "createdAt",
            "startedAt",
            "endedAt",
            "durationMs",
            "attempts",
            "artifacts",
            "stderrTail");
    assertThat(r.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(r.get("runId").asText()).isEqualTo("nightly-report#42");
    assertThat(r.get("jobId").asText()).isEqualTo("nightly-report");
    assertThat(r.get("runNo").asLong()).isEqualTo(42);
    assertThat(r.get("kind").asText()).isEqualTo("scheduled");
    assertThat(r.get("intendedFire").asText()).isEqualTo("2026-11-21T01:30:00Z");
    assertThat(r.get("replayOf").isNull()).isTrue();
    assertThat(r.get("status").asText()).isEqualTo("failed");
    assertThat(r.get("reason").isNull()).isTrue();
    assertThat(r.get("error").get("code").asText()).isEqualTo("job_retry_exhausted");
    assertThat(r.get("error").get("message").asText())
        .isEqualTo("gave up after 2 attempts; last: curl -H ***");
    assertThat(r.get("error").get("jobId").asText()).isEqualTo("nightly-report");
    assertThat(r.get("error").get("details").get(0).get("path").asText()).isEqualTo("attempt[2]");
    assertThat(r.get("error").get("details").get(0).get("problem").asText())
        .isEqualTo("job_failed: exit 7 with ***");
    assertThat(r.get("requestedBy").asText()).isEqualTo("node-a");
    assertThat(r.get("createdAt").asText()).isEqualTo("2026-11-21T01:30:00.003Z");
    assertThat(r.get("startedAt").asText()).isEqualTo("2026-11-21T01:30:00.020Z");
    assertThat(r.get("endedAt").asText()).isEqualTo("2026-11-21T01:30:15Z");
    assertThat(r.get("durationMs").asLong()).isEqualTo(14_980);
    assertThat(r.get("artifacts"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "run_receipt.json", "summary.md", "events.jsonl", "stdout.log", "stderr.log");

    JsonNode first = r.get("attempts").get(0);
    assertThat(fieldNames(first))
        .containsExactly(
            "attemptNo",
            "kind",
            "owner",
            "startedAt",
            "heartbeatAt",
            "endedAt",
            "durationMs",
            "outcome",
            "exitCode",
            "detail",
            "superseded");
    assertThat(first.get("attemptNo").asInt()).isEqualTo(1);
    assertThat(first.get("kind").asText()).isEqualTo("first");
    assertThat(first.get("owner").asText()).isEqualTo("node-a");
    assertThat(first.get("startedAt").asText()).isEqualTo("2026-11-21T01:30:00.020Z");
    assertThat(first.get("heartbeatAt").asText()).isEqualTo("2026-11-21T01:30:02Z");
    assertThat(first.get("endedAt").asText()).isEqualTo("2026-11-21T01:30:02Z");
    assertThat(first.get("durationMs").asLong()).isEqualTo(1_980);
    assertThat(first.get("outcome").asText()).isEqualTo("failed");
    assertThat(first.get("exitCode").asInt()).isEqualTo(7);
    assertThat(first.get("detail").asText()).isEqualTo("curl exited with 7");
    assertThat(first.get("superseded").asBoolean()).isFalse();
    JsonNode second = r.get("attempts").get(1);
    assertThat(second.get("attemptNo").asInt()).isEqualTo(2);
    assertThat(second.get("kind").asText()).isEqualTo("retry");
    assertThat(second.get("detail").asText()).isEqualTo("curl exited with 7 | token ***");
    assertThat(all()).doesNotContain(Runs.SECRET);
  }

  @Test
  void a_run_in_progress_has_null_values_and_no_attempts() throws IOException {
    Run queued =
        new Run(
            new RunId("by-hand", 1),
            RunKind.REPLAY,
            Runs.FIRE,
            Optional.of(7L),
            RunStatus.QUEUED,
            Optional.empty(),
            Optional.empty(),
            "alice",
            Runs.FIRE,
            Optional.empty(),
            Optional.empty(),
            0);
    ArtifactResult result =
        writer().write(queued, List.of(), List.of(), Optional.empty(), Redactor.none());

    assertThat(result.ok()).isTrue();
    Path dir = tmp.resolve("runs/by-hand/000001");
    JsonNode r = JSON.readTree(dir.resolve("run_receipt.json").toFile());
    assertThat(r.get("kind").asText()).isEqualTo("replay");
    assertThat(r.get("replayOf").asLong()).isEqualTo(7);
    assertThat(r.get("status").asText()).isEqualTo("queued");
    for (String key : List.of("reason", "error", "startedAt", "endedAt", "durationMs")) {
      assertThat(r.get(key).isNull()).as(key).isTrue();
    }
    assertThat(r.get("attempts")).isEmpty();
    assertThat(r.get("artifacts"))
        .extracting(JsonNode::asText)
        .containsExactly("run_receipt.json", "summary.md", "events.jsonl");
    assertThat(Files.readString(dir.resolve("events.jsonl"))).isEmpty();
    assertThat(Files.readString(dir.resolve("summary.md")))
        .contains("# by-hand#1: queued", "replays run 7", "None: the task never started.");
    assertThat(dir.resolve("stdout.log")).doesNotExist();
  }

  @Test
  void events_are_one_json_object_a_line_in_seq_order_with_secrets_masked() throws IOException {
    write(Optional.empty());

    List<String> lines = Files.readAllLines(folder().resolve("events.jsonl"));
    assertThat(lines).hasSize(3);
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
    JsonNode started = events.get(1);
    assertThat(fieldNames(started))
        .containsExactly("runId", "seq", "at", "attemptNo", "type", "message", "data");
    assertThat(started.get("runId").asText()).isEqualTo("nightly-report#42");
    assertThat(started.get("at").asText()).isEqualTo("2026-11-21T01:30:00.020Z");
    assertThat(started.get("attemptNo").asInt()).isEqualTo(1);
    assertThat(started.get("type").asText()).isEqualTo("attempt_started");
    assertThat(started.get("message").asText()).isEqualTo("on node-a with token ***");
    assertThat(started.get("data").get("owner").asText()).isEqualTo("node-a");
    assertThat(started.get("data").get("token").asText()).isEqualTo("***");
  }

  @Test
  void the_summary_says_what_ran_when_how_it_ended_and_why() throws IOException {
    write(Optional.empty());

    String summary = Files.readString(folder().resolve("summary.md"));
    assertThat(summary)
        .startsWith("# nightly-report#42: failed\n")
        .contains("| run | 42 (scheduled) |")
        .contains("| intended fire | 2026-11-21T01:30:00Z |")
        .contains("| ended | 2026-11-21T01:30:15Z after 14980 ms |")
        .contains("| status | failed |")
        .contains("| requested by | node-a |")
        .contains("`job_retry_exhausted`: gave up after 2 attempts; last: curl -H ***")
        .contains("- `attempt[2]`: job_failed: exit 7 with ***")
        .contains(
            "| 1 | first | node-a | 2026-11-21T01:30:00.020Z | 2026-11-21T01:30:02Z | failed | 7 | curl exited with 7 |")
        .contains("| 2 | retry | node-b |")
        .contains("curl exited with 7 \\| token *** |")
        .contains("- `run_receipt.json`")
        .doesNotContain(Runs.SECRET);
  }

  @Test
  void captured_stdout_and_stderr_are_written_with_secrets_masked_and_truncation_noted()
      throws IOException {
    String stderr = "warning: using " + Runs.SECRET + "\nsecond line\n";
    // What the capture kept of "...TOKEN=<secret>\nlast line <secret>\n...": its last 64 bytes, cut
    // 5 characters into the secret.
    String keptTail =
        Runs.SECRET.substring(5) + "\nlast line " + Runs.SECRET + "\n" + "y".repeat(24) + "\n";
    assertThat(keptTail.getBytes(StandardCharsets.UTF_8)).hasSize((int) CAP);

    write(Optional.of(new Outcome.Output(keptTail, stderr, true)));

    String out = Files.readString(folder().resolve("stdout.log"));
    assertThat(out)
        .isEqualTo(
            "[cronstone] output truncated: only the last 64 bytes were kept\n***\nlast line ***\n"
                + "y".repeat(24)
                + "\n");
    String err = Files.readString(folder().resolve("stderr.log"));
    assertThat(err).isEqualTo("warning: using ***\nsecond line\n");
  }

  @Test
  void rewriting_a_run_replaces_its_files_and_leaves_no_temporary_file() throws IOException {
    write(Optional.of(new Outcome.Output("first attempt\n", "", false)));
    Run cancelled =
        new Run(
            Runs.ID,
            RunKind.SCHEDULED,
            Runs.FIRE,
            Optional.empty(),
            RunStatus.CANCELLED,
            Optional.of("operator"),
            Optional.empty(),
            "node-a",
            Runs.FIRE,
            Optional.of(Runs.FIRE),
            Optional.of(Runs.FIRE.plusSeconds(30)),
            3);
    ArtifactResult again =
        writer()
            .write(
                cancelled,
                Runs.attempts(),
                Runs.events().subList(0, 1),
                Optional.of(new Outcome.Output("third attempt\n", "err3\n", false)),
                redactor);

    assertThat(again.ok()).isTrue();
    JsonNode receipt = JSON.readTree(folder().resolve("run_receipt.json").toFile());
    assertThat(receipt.get("status").asText()).isEqualTo("cancelled");
    assertThat(receipt.get("reason").asText()).isEqualTo("operator");
    assertThat(receipt.get("error").isNull()).isTrue();
    assertThat(Files.readString(folder().resolve("summary.md")))
        .contains("| status | cancelled (operator) |");
    assertThat(Files.readString(folder().resolve("stdout.log"))).isEqualTo("third attempt\n");
    assertThat(Files.readString(folder().resolve("stderr.log"))).isEqualTo("err3\n");
    assertThat(Files.readAllLines(folder().resolve("events.jsonl"))).hasSize(1);
    try (Stream<Path> files = Files.list(folder())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "run_receipt.json", "summary.md", "events.jsonl", "stdout.log", "stderr.log");
    }
  }

  @Test
  void a_reader_never_sees_half_a_receipt_while_the_run_is_rewritten() throws Exception {
    write(Optional.empty());
    Path receipt = folder().resolve("run_receipt.json");
    AtomicBoolean done = new AtomicBoolean();
    List<String> bad = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  JsonNode r = JSON.readTree(Files.readAllBytes(receipt));
                  if (r.get("attempts").size() != 2) {
                    bad.add(r.toString());
                  }
                } catch (Exception e) {
                  bad.add(e.toString());
                }
              }
            });
    reader.start();
    for (int i = 0; i < 300; i++) {
      assertThat(write(Optional.empty()).ok()).isTrue();
    }
    done.set(true);
    reader.join();
    assertThat(bad).isEmpty();
  }

  @Test
  void a_file_where_the_artifacts_folder_should_be_is_a_failure_not_an_exception()
      throws IOException {
    Files.writeString(tmp.resolve("runs"), "not a folder");

    ArtifactResult[] result = new ArtifactResult[1];
    assertThatCode(() -> result[0] = write(Optional.empty())).doesNotThrowAnyException();

    assertThat(result[0].ok()).isFalse();
    assertThat(result[0].failure().orElseThrow())
        .startsWith("cannot write the artifacts of nightly-report#42: ")
        .contains("runs");
    assertThat(result[0].written()).isEmpty();
  }

  @Test
  void a_file_where_the_job_s_folder_should_be_is_a_failure_not_an_exception() throws IOException {
    Files.createDirectories(tmp.resolve("runs"));
    Files.writeString(tmp.resolve("runs/nightly-report"), "not a folder");

    ArtifactResult result = write(Optional.of(new Outcome.Output("out", "err", false)));

    assertThat(result.ok()).isFalse();
    assertThat(result.failure().orElseThrow()).contains("nightly-report").contains("not a folder");
    assertThat(Files.readString(tmp.resolve("runs/nightly-report"))).isEqualTo("not a folder");
  }

  @Test
  void a_failure_message_never_carries_a_secret() throws IOException {
    Path dir = tmp.resolve(Runs.SECRET);
    Files.writeString(dir, "a file");
    ArtifactResult result =
        new ArtifactWriter(dir, CAP, ArtifactsOwnerFixture.OWNER)
            .write(Runs.failedRun(), List.of(), List.of(), Optional.empty(), redactor);
    assertThat(result.ok()).isFalse();
    assertThat(result.failure().orElseThrow()).doesNotContain(Runs.SECRET).contains("***");
  }

  @Test
  void job_ids_that_would_leave_the_artifacts_folder_are_refused() {
    for (String bad : List.of("../escape", "..", "/etc", "a/../../b", "UPPER", ".hidden")) {
      Run run = withJob(bad);
      ArtifactResult result =
          writer().write(run, List.of(), List.of(), Optional.empty(), Redactor.none());
      assertThat(result.ok()).as(bad).isFalse();
      assertThat(result.failure().orElseThrow()).as(bad).contains("not a valid id");
    }
    assertThat(tmp.resolve("escape")).doesNotExist();
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  void a_job_folder_that_links_out_of_the_artifacts_folder_is_refused() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(tmp.resolve("runs"));
    Files.createSymbolicLink(tmp.resolve("runs/nightly-report"), outside);

    ArtifactResult result = write(Optional.of(new Outcome.Output("out", "err", false)));

    assertThat(result.ok()).isFalse();
    assertThat(result.failure().orElseThrow()).contains("symbolic link");
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void a_run_folder_that_links_out_is_refused() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(tmp.resolve("runs/nightly-report"));
    Files.createSymbolicLink(folder(), outside);

    ArtifactResult result = write(Optional.empty());

    assertThat(result.ok()).isFalse();
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void run_numbers_are_zero_padded_to_six_digits() {
    assertThat(writer().folder(new RunId("a", 7)).toString()).endsWith("/runs/a/000007");
    assertThat(writer().folder(new RunId("a", 1234567)).toString()).endsWith("/runs/a/1234567");
  }

  private static Run withJob(String jobId) {
    Run r = Runs.failedRun();
    return new Run(
        new RunId(jobId, 1),
        r.kind(),
        r.intendedFire(),
        r.replayOf(),
        r.status(),
        r.reason(),
        r.error(),
        r.requestedBy(),
        r.createdAt(),
        r.startedAt(),
        r.endedAt(),
        r.attempts());
  }

  private String all() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(folder())) {
      for (Path f : files.toList()) {
        text.append(Files.readString(f));
      }
    }
    return text.toString();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
