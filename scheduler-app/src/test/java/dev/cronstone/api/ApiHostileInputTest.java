package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.api.ApiClient.Answer;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.node.Node;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against every API endpoint of a real node over real HTTP (issue 8): wrong or
 * missing tokens, path traversal and SQL metacharacters in ids and query parameters, malformed and
 * huge bodies, wrong methods, a brute-force burst of guessed tokens. Each answer must be an error
 * with the right status and the section 7 envelope (no stack trace, no token echoed), and nothing
 * in the store may change.
 */
class ApiHostileInputTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();
  private static final String TOKEN = "hostile-test-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Node node;
  ApiClient api;
  int tried;
  int reconnects;

  /** No limits to speak of: the hostile-input sweep sends hundreds of bad tokens on purpose. */
  private static final String NO_LIMITS = "{ failures: 100000, delay: PT0S }";

  /** The defaults, but refused for 2 s (not 5 min) and answered 300 ms late (not 1 s). */
  private static final String BURST_LIMITS =
      "{ failures: 10, window: PT1M, blockFor: PT2S, slowAfter: 3, delay: PT0.3S }";

  @BeforeEach
  void startNode() throws Exception {
    startNode(NO_LIMITS);
  }

  void startNode(String rateLimit) throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobs.resolve("hello.yaml"), "id: hello\ntask: { type: builtin, name: noop }\n");
    Files.writeString(
        jobs.resolve("yearly.yaml"),
        "id: yearly\nschedule: { cron: \"0 0 1 1 *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    TestDatabase db = DB.database();
    var store = db.storeConfig();
    Path config = dir.resolve("scheduler.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 5 }
        cluster: { nodeId: hostile-test, checkinInterval: PT1S }
        scheduler: { threads: 2, shutdownGrace: PT1S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { port: 0, token: "%s", rateLimit: %s }
        """
            .formatted(
                store.url(),
                store.user(),
                store.password(),
                jobs,
                dir.resolve("runs"),
                TOKEN,
                rateLimit));
    NodeConfig nodeConfig = new ConfigLoader(n -> Optional.empty()).load(config);
    node = Node.start(nodeConfig, Clock.systemUTC(), n -> Optional.empty());
    api = new ApiClient(node.api().uri(), new OpenApiContract(), TOKEN);
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** Every job, run, attempt, event, trigger state and pause, as text. */
  private static String storeSnapshot() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = DB.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String query :
          List.of(
              "SELECT * FROM cs_job ORDER BY 1",
              "SELECT * FROM cs_job_version ORDER BY 1, 2",
              "SELECT * FROM cs_run ORDER BY 1, 2",
              "SELECT * FROM cs_attempt ORDER BY 1, 2, 3",
              "SELECT * FROM cs_event ORDER BY 1, 2, 3",
              "SELECT TRIGGER_NAME, TRIGGER_GROUP, JOB_NAME, TRIGGER_STATE FROM QRTZ_TRIGGERS ORDER"
                  + " BY 1, 2",
              "SELECT * FROM QRTZ_PAUSED_TRIGGER_GRPS ORDER BY 1, 2",
              "SELECT JOB_NAME, JOB_GROUP FROM QRTZ_JOB_DETAILS ORDER BY 1, 2")) {
        try (ResultSet rs = s.executeQuery(query)) {
          ResultSetMetaData meta = rs.getMetaData();
          all.append(query).append('\n');
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              all.append(rs.getString(i)).append('|');
            }
            all.append('\n');
          }
        }
      }
    }
    return all.toString();
  }

  /** Sends it and checks the answer: one of {@code statuses}, an envelope with one of the codes. */
  private void expectError(
      ApiClient client,
      String method,
      String path,
      byte[] body,
      Set<Integer> statuses,
      Set<String> codes) {
    expectError(client, method, path, body, java.util.Map.of(), statuses, codes);
  }

  /** {@link #expectError} with request headers ({@code If-Match} ...). */
  private void expectError(
      ApiClient client,
      String method,
      String path,
      byte[] body,
      java.util.Map<String, String> headers,
      Set<Integer> statuses,
      Set<String> codes) {
    tried++;
    String type = body == null ? null : "application/json";
    Answer a;
    try {
      a = client.send(method, null, path, type, body, headers);
    } catch (RuntimeException e) {
      // Seen after a request Jetty refused itself (a NUL in the path): the client reused the
      // connection the server had closed. Once more on a fresh connection; docs/reliability.md.
      reconnects++;
      try {
        a = client.send(method, null, path, type, body, headers);
      } catch (RuntimeException again) {
        throw new AssertionError(
            "no answer to " + method + " " + path + ": " + again.getMessage(), again);
      }
    }
    String what = method + " " + path + " -> " + a.status() + " " + a.body();
    assertThat(statuses).as(what).contains(a.status());
    assertThat(a.contentType()).as(what).startsWith("application/json");
    JsonNode error;
    try {
      error = JSON.readTree(a.body()).path("error");
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + what, e);
    }
    assertThat(codes).as(what).contains(error.path("code").asText());
    assertThat(error.path("message").asText()).as(what).isNotBlank();
    assertThat(a.body()).as(what).doesNotContain(TOKEN).doesNotContain("\tat ");
    assertThat(a.body()).as(what).doesNotContainIgnoringCase("exception");
  }

  private static final Set<Integer> BAD_OR_MISSING = Set.of(400, 404);
  private static final Set<String> BAD_OR_MISSING_CODES =
      Set.of("invalid_argument", "job_not_found");

  @Test
  void hostile_requests_get_coded_errors_and_change_nothing() throws Exception {
    String before = storeSnapshot();
    List<String[]> endpoints = new ArrayList<>();
    for (String id : List.of("hello", "nope")) {
      endpoints.add(new String[] {"GET", "/api/v1/jobs"});
      endpoints.add(new String[] {"GET", "/api/v1/jobs/" + id});
      endpoints.add(new String[] {"POST", "/api/v1/jobs/" + id + "/run"});
      endpoints.add(new String[] {"POST", "/api/v1/jobs/" + id + "/pause"});
      endpoints.add(new String[] {"POST", "/api/v1/jobs/" + id + "/resume"});
      endpoints.add(new String[] {"GET", "/api/v1/jobs/" + id + "/runs"});
      endpoints.add(new String[] {"GET", "/api/v1/jobs/" + id + "/runs/1"});
      endpoints.add(new String[] {"POST", "/api/v1/jobs/" + id + "/runs/1/cancel"});
      endpoints.add(new String[] {"GET", "/api/v1/jobs/" + id + "/runs/1/events"});
      endpoints.add(new String[] {"GET", "/api/v1/nodes"});
      endpoints.add(new String[] {"POST", "/api/v1/validate"});
    }

    // Wrong, missing or malformed tokens: 401 on every endpoint, nothing runs or pauses.
    List<String> badTokens =
        List.of(
            "",
            "wrong",
            TOKEN + "x",
            TOKEN.substring(1),
            "' OR '1'='1",
            TOKEN.toUpperCase(java.util.Locale.ROOT),
            "%s%s%s%n");
    for (String[] e : endpoints) {
      expectError(api.as(null), e[0], e[1], null, Set.of(401), Set.of("unauthorized"));
      for (String token : badTokens) {
        expectError(api.as(token), e[0], e[1], null, Set.of(401), Set.of("unauthorized"));
      }
    }

    // Traversal and SQL metacharacters in ids, run numbers and query parameters.
    List<String> hostileIds =
        List.of(
            "%2e%2e",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "..%2f..%2fetc%2fpasswd",
            "%252e%252e%252f",
            "..%5c..%5cwindows",
            "hello%2f..%2fyearly",
            "hello%00",
            "x'%20OR%20'1'%3D'1",
            "hello'--",
            "hello%3BDROP%20TABLE%20cs_run",
            "%22%3B%20DELETE%20FROM%20cs_job%3B--",
            "HELLO",
            "a".repeat(300));
    for (String id : hostileIds) {
      for (String suffix :
          List.of("", "/run", "/pause", "/resume", "/runs", "/runs/1", "/runs/1/cancel")) {
        String method =
            suffix.isEmpty() || suffix.equals("/runs") || suffix.equals("/runs/1") ? "GET" : "POST";
        expectError(
            api, method, "/api/v1/jobs/" + id + suffix, null, BAD_OR_MISSING, BAD_OR_MISSING_CODES);
      }
    }
    for (String runNo :
        List.of("0", "-1", "abc", "1'--", "99999999999999999999", "1%3BDROP", "%2e%2e")) {
      expectError(
          api,
          "GET",
          "/api/v1/jobs/hello/runs/" + runNo,
          null,
          BAD_OR_MISSING,
          BAD_OR_MISSING_CODES);
      expectError(
          api,
          "POST",
          "/api/v1/jobs/hello/runs/" + runNo + "/cancel",
          null,
          BAD_OR_MISSING,
          BAD_OR_MISSING_CODES);
      expectError(
          api,
          "GET",
          "/api/v1/jobs/hello/runs/" + runNo + "/events",
          null,
          BAD_OR_MISSING,
          BAD_OR_MISSING_CODES);
    }
    for (String query :
        List.of(
            "limit=0",
            "limit=-5",
            "limit=1%3BDROP%20TABLE%20cs_run",
            "limit=99999999999",
            "cursor=%27%20OR%201%3D1--&limit=abc",
            "status=failed%27--",
            "status=%25")) {
      expectError(
          api,
          "GET",
          "/api/v1/jobs/hello/runs?" + query,
          null,
          Set.of(400),
          Set.of("invalid_argument"));
    }
    for (String query : List.of("after=-1", "after=1%20OR%201%3D1", "limit=0", "limit=%27--")) {
      expectError(
          api,
          "GET",
          "/api/v1/jobs/hello/runs/1/events?" + query,
          null,
          BAD_OR_MISSING,
          BAD_OR_MISSING_CODES);
    }
    expectError(api, "GET", "/api/v1/jobs?limit=0", null, Set.of(400), Set.of("invalid_argument"));
    expectError(
        api, "GET", "/api/v1/jobs?limit=%27--", null, Set.of(400), Set.of("invalid_argument"));

    // Malformed bodies: the run request refuses them before anything is queued.
    List<byte[]> badBodies =
        List.of(
            "{".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            "null".getBytes(StandardCharsets.UTF_8),
            "\"fireTime\"".getBytes(StandardCharsets.UTF_8),
            "{\"fireTime\": 5}".getBytes(StandardCharsets.UTF_8),
            "{\"fireTime\": \"not a time\"}".getBytes(StandardCharsets.UTF_8),
            "{\"fireTime\": \"2999-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
            "{\"fireTime\": \"'; DROP TABLE cs_run;--\"}".getBytes(StandardCharsets.UTF_8),
            "{\"unknown\": 1}".getBytes(StandardCharsets.UTF_8),
            "{\"fireTime\": null, \"fireTime\": \"x\"}".getBytes(StandardCharsets.UTF_8),
            "[".repeat(100_000).getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3});
    for (byte[] body : badBodies) {
      expectError(
          api, "POST", "/api/v1/jobs/hello/run", body, Set.of(400), Set.of("invalid_argument"));
      expectError(
          api, "POST", "/api/v1/jobs/yearly/run", body, Set.of(400), Set.of("invalid_argument"));
    }

    // Huge bodies: refused with 413 before they are read.
    for (int size : List.of(300 * 1024, 4 * 1024 * 1024)) {
      byte[] huge =
          ("{\"fireTime\": \"" + "9".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
      expectError(
          api, "POST", "/api/v1/jobs/hello/run", huge, Set.of(413), Set.of("invalid_argument"));
      expectError(api, "POST", "/api/v1/validate", huge, Set.of(413), Set.of("invalid_argument"));
      // Endpoints that read no body refuse one as large just the same.
      expectError(
          api, "POST", "/api/v1/jobs/hello/pause", huge, Set.of(413), Set.of("invalid_argument"));
    }

    // Wrong methods (PUT and DELETE of a job are the editor's: see the test below).
    expectError(api, "PATCH", "/api/v1/jobs/hello", null, Set.of(405), Set.of("invalid_argument"));
    for (String method : List.of("DELETE", "PUT", "PATCH")) {
      expectError(
          api, method, "/api/v1/jobs/hello/run", null, Set.of(405), Set.of("invalid_argument"));
    }

    assertThat(storeSnapshot()).as("the store after %d hostile requests", tried).isEqualTo(before);
    System.out.println(
        "api hostile input: "
            + tried
            + " requests, store unchanged; answers lost with a closed connection and retried: "
            + reconnects);
  }

  /**
   * The editor's endpoints (PUT and DELETE of a job, enable, disable, versions) under the same
   * sweep: bad tokens, hostile ids, hostile spec bodies and headers, huge bodies, wrong methods,
   * and writes a rule refuses (a file-owned job, a stale version). Nothing in the store may change,
   * its versions included.
   */
  @Test
  void hostile_requests_to_the_editor_endpoints_get_coded_errors_and_change_nothing()
      throws Exception {
    String before = storeSnapshot();
    byte[] valid =
        ("{\"schedule\": {\"cron\": \"0 1 * * *\", \"timezone\": \"UTC\"},"
                + " \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}")
            .getBytes(StandardCharsets.UTF_8);
    for (String id : List.of("hello", "nope")) {
      for (String[] e :
          List.of(
              new String[] {"PUT", "/api/v1/jobs/" + id},
              new String[] {"DELETE", "/api/v1/jobs/" + id},
              new String[] {"POST", "/api/v1/jobs/" + id + "/enable"},
              new String[] {"POST", "/api/v1/jobs/" + id + "/disable"},
              new String[] {"GET", "/api/v1/jobs/" + id + "/versions"})) {
        for (String token : List.of("", "wrong", TOKEN + "x", "' OR '1'='1")) {
          expectError(
              api.as(token),
              e[0],
              e[1],
              e[0].equals("PUT") ? valid : null,
              Set.of(401),
              Set.of("unauthorized"));
        }
      }
    }

    Set<Integer> refused = Set.of(400, 404, 422);
    Set<String> refusedCodes = Set.of("invalid_argument", "job_not_found", "job_invalid_spec");
    for (String id :
        List.of(
            "%2e%2e",
            "..%2f..%2fetc%2fpasswd",
            "%252e%252e%252f",
            "hello%2f..%2fyearly",
            "hello%00",
            "x'%20OR%20'1'%3D'1",
            "hello%3BDROP%20TABLE%20cs_job",
            "HELLO",
            "a".repeat(300))) {
      String job = "/api/v1/jobs/" + id;
      expectError(api, "PUT", job, valid, refused, refusedCodes);
      expectError(api, "DELETE", job, null, BAD_OR_MISSING, BAD_OR_MISSING_CODES);
      expectError(api, "POST", job + "/enable", null, BAD_OR_MISSING, BAD_OR_MISSING_CODES);
      expectError(api, "POST", job + "/disable", null, BAD_OR_MISSING, BAD_OR_MISSING_CODES);
      expectError(api, "GET", job + "/versions", null, BAD_OR_MISSING, BAD_OR_MISSING_CODES);
    }
    for (String query :
        List.of("limit=0", "limit=%27--", "cursor=%27%20OR%201%3D1--", "cursor=-1", "limit=1e9")) {
      expectError(
          api,
          "GET",
          "/api/v1/jobs/hello/versions?" + query,
          null,
          Set.of(400),
          Set.of("invalid_argument"));
    }

    // Hostile specs: refused by the validator with their paths, nothing stored.
    for (String spec :
        List.of(
            "{",
            "[]",
            "null",
            "{\"id\": \"../../etc\", \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}",
            "{\"id\": \"other\", \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}",
            "{\"task\": {\"type\": \"builtin\", \"name\": \"noop\"}, \"extra\": 1}",
            "{\"schedule\": {\"cron\": \"* * * * *\", \"timezone\": \"'; DROP TABLE cs_job;--\"},"
                + " \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}",
            "[".repeat(100_000))) {
      expectError(
          api,
          "PUT",
          "/api/v1/jobs/created",
          spec.getBytes(StandardCharsets.UTF_8),
          Set.of(422),
          Set.of("job_invalid_spec"));
    }
    expectError(
        api,
        "PUT",
        "/api/v1/jobs/created",
        new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3},
        Set.of(422),
        Set.of("job_invalid_spec"));
    for (String yaml :
        List.of(
            "a: &a [\"x\",\"x\"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: [*d,*d]\n",
            "!!java.lang.Runtime {}\n")) {
      tried++;
      Answer a =
          api.send(
              "PUT",
              null,
              "/api/v1/jobs/created",
              "application/yaml",
              yaml.getBytes(StandardCharsets.UTF_8),
              java.util.Map.of());
      assertThat(a.status()).as(yaml).isEqualTo(422);
      assertThat(a.code()).isEqualTo("job_invalid_spec");
    }

    // Hostile or stale preconditions, and writes to a job its file owns.
    for (String ifMatch :
        List.of("abc", "'; DROP TABLE cs_job;--", "1 OR 1=1", "\"-1\"", "9".repeat(30), "**")) {
      expectError(
          api,
          "PUT",
          "/api/v1/jobs/created",
          valid,
          java.util.Map.of("If-Match", ifMatch),
          Set.of(400),
          Set.of("invalid_argument"));
    }
    expectError(
        api,
        "PUT",
        "/api/v1/jobs/created",
        valid,
        java.util.Map.of("If-None-Match", "\"1\""),
        Set.of(400),
        Set.of("invalid_argument"));
    expectError(
        api,
        "PUT",
        "/api/v1/jobs/created",
        valid,
        java.util.Map.of("If-Match", "\"5\""),
        Set.of(412),
        Set.of("version_conflict"));
    expectError(
        api,
        "DELETE",
        "/api/v1/jobs/created",
        null,
        java.util.Map.of("If-Match", "*"),
        Set.of(404),
        Set.of("job_not_found"));
    for (String[] e :
        List.of(
            new String[] {"PUT", "/api/v1/jobs/hello"},
            new String[] {"DELETE", "/api/v1/jobs/hello"},
            new String[] {"POST", "/api/v1/jobs/hello/enable"},
            new String[] {"POST", "/api/v1/jobs/yearly/disable"})) {
      expectError(
          api,
          e[0],
          e[1],
          e[0].equals("PUT") ? valid : null,
          Set.of(409),
          Set.of("job_file_owned"));
    }

    // Huge bodies and wrong methods.
    byte[] huge =
        ("id: x\ndescription: " + "9".repeat(4 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
    expectError(api, "PUT", "/api/v1/jobs/created", huge, Set.of(413), Set.of("invalid_argument"));
    expectError(
        api, "POST", "/api/v1/jobs/hello/disable", huge, Set.of(413), Set.of("invalid_argument"));
    for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
      expectError(
          api,
          method,
          "/api/v1/jobs/hello/versions",
          null,
          Set.of(405),
          Set.of("invalid_argument"));
    }
    expectError(
        api, "GET", "/api/v1/jobs/hello/enable", null, Set.of(405), Set.of("invalid_argument"));

    assertThat(api.get("/api/v1/jobs/{id}", "created").status()).isEqualTo(404);
    assertThat(storeSnapshot()).as("the store after %d hostile requests", tried).isEqualTo(before);
  }

  @Test
  void a_brute_force_burst_is_slowed_then_refused_while_other_addresses_and_later_tries_work()
      throws Exception {
    node.close();
    startNode(BURST_LIMITS);
    String before = storeSnapshot();
    long[] took = new long[10];
    for (int i = 0; i < 10; i++) {
      long start = System.nanoTime();
      Answer a = api.as("guess-" + i).get("/api/v1/nodes");
      took[i] = (System.nanoTime() - start) / 1_000_000;
      assertThat(a.status()).as("guess %d", i).isEqualTo(401);
      assertThat(a.body()).doesNotContain("guess-" + i);
    }
    for (int i = 3; i < 9; i++) {
      assertThat(took[i]).as("guess %d is answered late", i).isGreaterThanOrEqualTo(300);
    }

    for (String token : new String[] {"guess-10", TOKEN, null}) {
      Answer refused = api.as(token).get("/api/v1/nodes");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.code()).isEqualTo("rate_limited");
      assertThat(refused.header("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(refused.body()).doesNotContain(TOKEN).doesNotContain("guess");
    }
    assertThat(statusFrom("127.0.0.2", TOKEN))
        .as("the right token from another address")
        .isEqualTo(200);
    assertThat(statusFrom("127.0.0.2", "guess")).isEqualTo(401);
    assertThat(api.raw("GET", "/health/live", null, null).status())
        .as("open routes are not limited")
        .isEqualTo(200);

    org.awaitility.Awaitility.await("the block ends")
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> api.get("/api/v1/nodes").status() == 200);
    assertThat(storeSnapshot()).isEqualTo(before);
  }

  /** GET /api/v1/nodes with {@code token}, sent from the local address {@code from}. */
  private int statusFrom(String from, String token) throws Exception {
    URI base = node.api().uri();
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setSoTimeout(10_000);
      String request =
          "GET /api/v1/nodes HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: Bearer "
              + token
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void a_hostile_spec_posted_to_validate_is_answered_not_stored() throws Exception {
    String before = storeSnapshot();
    for (String spec :
        List.of(
            "id: ../../etc\ntask: { type: builtin, name: noop }\n",
            "a: &a [\"x\",\"x\"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: [*d,*d]\n",
            "id: x\n"
                + "task: { type: command, command: [\"/bin/sh\", \"-c\", \"rm -rf /\"] }\n"
                + "schedule: { cron: \"* * * * *\", timezone: \"'; DROP TABLE cs_job;--\" }\n",
            "!!java.lang.Runtime {}\n")) {
      tried++;
      Answer a =
          api.raw(
              "POST",
              "/api/v1/validate",
              "application/yaml",
              spec.getBytes(StandardCharsets.UTF_8));
      assertThat(a.status()).as(spec).isEqualTo(200);
      assertThat(a.json().path("valid").asBoolean()).as(spec).isFalse();
      assertThat(a.json().path("error").path("code").asText()).isEqualTo("job_invalid_spec");
    }
    assertThat(storeSnapshot()).isEqualTo(before);
  }
}
