package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged install as an operator meets it: the tarball {@code mvn package} built, unpacked
 * into an empty folder, run from there with no source tree (the unpacked folder is the working
 * directory, so the shipped {@code config/} and the H2 default {@code ./data} resolve inside it):
 * {@code bin/jobs serve}, {@code list} and {@code run --wait}, then SIGTERM; and its systemd unit
 * through {@code systemd-analyze verify} where that tool exists.
 */
class PackagedInstallIT {
  private static final Pattern API_LINE = Pattern.compile("(?m)^API listening on (https?://\\S+)$");

  @TempDir Path unpackInto;
  @TempDir Path outputs;

  record Result(int exit, String out) {}

  @Test
  void the_unpacked_tarball_serves_lists_runs_and_stops_on_sigterm() throws Exception {
    Path home = unpack();
    assertThat(home.resolve("bin/jobs")).isExecutable();
    assertThat(home.resolve("lib/cronstone.jar")).isRegularFile();
    assertThat(home.resolve("INSTALL.md")).isRegularFile();
    assertThat(home.resolve("cronstone.service")).isRegularFile();
    assertThat(home.resolve("config/scheduler.yaml")).isRegularFile();
    assertThat(Files.readAllLines(home.resolve("config/jobs/heartbeat.yaml")).subList(0, 2))
        .containsExactly(
            "# yaml-language-server: $schema=../../docs/job-spec.schema.json",
            "# $schema: ../../docs/job-spec.schema.json");
    assertThat(home.resolve("docs/job-spec.schema.json"))
        .hasSameTextualContentAs(Path.of("../docs/job-spec.schema.json"));
    try (Stream<Path> specs = Files.list(home.resolve("config/jobs"))) {
      assertThat(specs.map(p -> p.getFileName().toString()))
          .contains("heartbeat.yaml", "cache-warmup.yaml", "nightly-report.yaml")
          .hasSize(6);
    }
    // An operator's two edits: any free port for the API, and a JSON log file under the install.
    Path config = home.resolve("config/scheduler.yaml");
    String shipped = Files.readString(config);
    assertThat(shipped)
        .contains("  port: 8080 ")
        .contains("  file: \"\" ")
        .contains("format: text");
    Files.writeString(
        config,
        shipped
            .replace("  port: 8080 ", "  port: 0 ")
            .replace("  file: \"\" ", "  file: logs/cronstone.log ")
            .replace("  format: text ", "  format: json "));

    Process node = start(home, outputs.resolve("serve.log"), "serve");
    try {
      URI api = apiUri(node, outputs.resolve("serve.log"));
      String banner = Files.readString(outputs.resolve("serve.log"));
      assertThat(banner)
          .contains("  jobs:      " + home.resolve("config/jobs"))
          .contains("  artifacts: " + home.resolve("runs"))
          .contains("  logs:      " + home.resolve("logs/cronstone.log") + " (json)");
      assertThat(get(api.resolve("/health/ready"))).isEqualTo(200);

      Result list = jobs(home, "list");
      assertThat(list.exit()).as(list.out()).isZero();
      assertThat(list.out()).contains("heartbeat", "nightly-report", "Europe/Berlin");

      Result run = jobs(home, "run", "cache-warmup", "--wait", "--timeout", "PT60S");
      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).contains("succeeded");
      assertThat(home.resolve("data/cronstone.mv.db")).isRegularFile();
      try (Stream<Path> runs = Files.list(home.resolve("runs/cache-warmup"))) {
        assertThat(runs.map(r -> r.resolve("run_receipt.json")).filter(Files::isRegularFile))
            .isNotEmpty();
      }
    } finally {
      node.destroy(); // SIGTERM
      assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    }
    assertThat(node.exitValue()).as(Files.readString(outputs.resolve("serve.log"))).isIn(0, 143);

    List<String> lines = Files.readAllLines(home.resolve("logs/cronstone.log"));
    ObjectMapper json = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = json.readTree(line);
      assertThat(event.has("level")).as(line).isTrue();
      messages.add(event.get("formattedMessage").asText());
    }
    assertThat(messages).anyMatch(m -> m.endsWith("] stopped"));
  }

  @Test
  void the_systemd_unit_verifies_where_systemd_analyze_exists() throws Exception {
    Path home = unpack();
    String unit = Files.readString(home.resolve("cronstone.service"));
    assertThat(unit)
        .contains("User=cronstone")
        .contains("Restart=on-failure")
        .contains("NoNewPrivileges=yes")
        .contains("ProtectSystem=strict")
        .contains("ReadWritePaths=/var/lib/cronstone")
        .contains("PrivateTmp=yes")
        .contains("ProtectHome=yes")
        .contains("KillSignal=SIGTERM")
        .contains("WorkingDirectory=/var/lib/cronstone")
        .contains(
            "ExecStart=/opt/cronstone/bin/jobs --config /var/lib/cronstone/config/scheduler.yaml"
                + " serve");
    Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
    assertThat(stop.find()).isTrue();
    assertThat(Integer.parseInt(stop.group(1))).isGreaterThan(30 + 20); // shutdownGrace + wait

    Optional<Path> analyze = onPath("systemd-analyze");
    if (analyze.isEmpty()) {
      return; // no systemd tools on this machine: the text checks above are all we can do
    }
    // verify wants ExecStart's program to exist: the unit as installed under this folder instead
    // of /opt/cronstone, the one edit an operator with another prefix makes.
    Path installed = outputs.resolve("cronstone.service");
    Files.writeString(installed, unit.replace("/opt/cronstone/", home + "/"));
    Process p =
        new ProcessBuilder(analyze.get().toString(), "verify", installed.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("cronstone.service:");
  }

  /** Unpacks the built tarball with the system's tar; returns its single top folder. */
  private Path unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("cronstone.dist", "target/missing.tar.gz"));
    assertThat(tarball).as("built by mvn package").isRegularFile();
    assertThat(unpackInto).isEmptyDirectory();
    Process tar =
        new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString())
            .directory(unpackInto.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    try (Stream<Path> top = Files.list(unpackInto)) {
      assertThat(top.map(p -> p.getFileName().toString()))
          .containsExactly("cronstone-" + System.getProperty("cronstone.version"));
    }
    return unpackInto.resolve("cronstone-" + System.getProperty("cronstone.version"));
  }

  /** {@code bin/jobs <args>} of the install, run from the install folder as its home. */
  private static Process start(Path home, Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/jobs").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.remove("JOBS_CONFIG");
    env.remove("CRONSTONE_JAR");
    env.remove("JOBS_API_TOKEN");
    env.put("CRONSTONE_HOME", home.toString());
    // No class-data archive written beside the jar in the background while the folder is deleted.
    env.put("JOBS_CDS", "off");
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  private Result jobs(Path home, String... args) throws Exception {
    Path output = Files.createTempFile(outputs, "jobs-", ".log");
    Process p = start(home, output, args);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jobs %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), Files.readString(output));
  }

  private static URI apiUri(Process node, Path output) {
    await("API listening")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> API_LINE.matcher(read(output)).find() || !node.isAlive());
    Matcher m = API_LINE.matcher(read(output));
    assertThat(m.find()).as(read(output)).isTrue();
    return URI.create(m.group(1));
  }

  private static int get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
