package dev.cronstone.reliability;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.testing.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A cluster of real {@code jobs serve} processes under a {@link Load}, the faults injected into it
 * and the audit of its window. Jobs write one line {@code jobId fireTime nodeId} per execution to
 * {@code fires.log}; {@link #audit()} compares those lines with the ledger.
 */
final class LoadCluster implements AutoCloseable {
  static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

  private final String scenario;
  private final Path dir;
  private final Load load;
  private final Path fires;
  private final Path config;
  private final Path jobsDir;
  private final Map<String, Integer> everySeconds = new TreeMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final List<NodeProcess> all = new ArrayList<>();
  private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
  private final HikariDataSource dataSource;
  private Instant windowStart;
  private Instant windowEnd;

  LoadCluster(String scenario, Path dir, String storeUrl, Load load) throws IOException {
    this.scenario = scenario;
    this.dir = dir;
    this.load = load;
    this.fires = Files.createFile(dir.resolve("fires.log"));
    this.jobsDir = Files.createDirectories(dir.resolve("jobs"));
    for (int i = 1; i <= load.jobs(); i++) {
      writeJob("load-%03d".formatted(i), "* * * * * ?", "", 1, 3, "queue");
    }
    for (int i = 1; i <= load.keepers(); i++) {
      writeJob("keeper-%02d".formatted(i), "*/10 * * * * ?", "; exec sleep 3", 10, 1, "skip");
    }
    this.config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "%s", user: "", password: "", maxPoolSize: 10 }
        cluster: { enabled: true, nodeId: AUTO, checkinInterval: PT1S, failureGrace: PT2S }
        scheduler: { threads: 25, shutdownGrace: PT30S }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { bind: 127.0.0.1, port: 0 }
        """
            .formatted(storeUrl, jobsDir, dir.resolve("runs")));
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("reliability-audit");
    pool.setJdbcUrl(storeUrl);
    pool.setMaximumPoolSize(2);
    pool.setMinimumIdle(0);
    pool.setInitializationFailTimeout(-1);
    this.dataSource = new HikariDataSource(pool);
  }

  /**
   * A job writing its execution line. Jobs firing every second may run three at once and queue a
   * fourth, so that late fires bunched together after a stall (a fault's backlog) run rather than
   * being skipped by the overlap policy, and do not wait in a queue one by one
   * (docs/reliability.md, "Found and left").
   */
  private void writeJob(
      String id, String cron, String after, int everySecond, int maxConcurrent, String overlap)
      throws IOException {
    Files.writeString(
        jobsDir.resolve(id + ".yaml"),
        """
        id: %s
        schedule: { cron: "%s", timezone: UTC, misfire: catch_up, catchUpWindow: PT10M, maxCatchUp: 600 }
        task:
          type: command
          command: ["/bin/sh", "-c", "echo \\"$0 $1 $2\\" >> %s%s", "${jobId}", "${fireTime}", "${nodeId}"]
        limits: { timeout: PT30S, maxConcurrent: %d, overlap: %s }
        """
            .formatted(id, cron, fires, after, maxConcurrent, overlap));
    everySeconds.put(id, everySecond);
  }

  Path dir() {
    return dir;
  }

  Path config() {
    return config;
  }

  Load load() {
    return load;
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  List<String> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  /** Starts node-1 … node-N and waits until each runs. */
  LoadCluster startNodes() throws IOException {
    for (int i = 1; i <= load.nodes(); i++) {
      start("node-" + i, Map.of());
    }
    for (String id : nodeIds()) {
      nodes.get(id).awaitRunning(Duration.ofSeconds(120));
    }
    return this;
  }

  /** Starts (or restarts) node {@code id} with extra environment; does not wait. */
  NodeProcess start(String id, Map<String, String> env) throws IOException {
    NodeProcess node = NodeProcess.serve(id, config, dir, logName(id), env);
    nodes.put(id, node);
    all.add(node);
    return node;
  }

  /**
   * Starts node {@code id} again after a kill -9. A node refuses an id the node registry still sees
   * live (until the failure detector's window has passed since its last check-in), so the start is
   * tried again, a second apart, until the node runs; any other refusal fails the test.
   */
  NodeProcess restart(String id, Duration within) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      NodeProcess node = start(id, Map.of());
      try {
        // Generous: under the suite's load (load average above 30 on 2 cores in CI) a restarted
        // node once took 90 s from launch to running (27 s to its first log line).
        await(id + " running or refused")
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> node.output().contains(" running\n") || !node.isAlive());
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(id + " neither ran nor was refused:\n" + node.output(), e);
      }
      if (node.isAlive()) {
        return node;
      }
      if (!node.output().contains("in use by a live node") || Instant.now().isAfter(deadline)) {
        throw new AssertionError(id + " did not start again:\n" + node.output());
      }
      Thread.sleep(1000);
    }
  }

  private String logName(String id) {
    long earlier = all.stream().filter(p -> p.name().startsWith(id)).count();
    return earlier == 0 ? id : id + "-" + (earlier + 1);
  }

  NodeProcess node(String id) {
    return nodes.get(id);
  }

  /**
   * The environment that runs a node under libfaketime, its wall clock {@code offset} ahead. The
   * JVM hangs unless the monotonic clock is left alone, and runs ten times slower unless
   * libfaketime's monotonic fix for {@code pthread_cond_timedwait} is off.
   */
  static Map<String, String> fakeTime(String offset) {
    return Map.of(
        "LD_PRELOAD",
        LIBFAKETIME,
        "FAKETIME",
        offset,
        "FAKETIME_DONT_FAKE_MONOTONIC",
        "1",
        "FAKETIME_FORCE_MONOTONIC_FIX",
        "0");
  }

  /** Opens the window: intended fires from the next whole second but two, for the load's window. */
  Instant openWindow() {
    windowStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    windowEnd = windowStart.plus(load.window());
    return windowStart;
  }

  Instant windowStart() {
    return windowStart;
  }

  Instant windowEnd() {
    return windowEnd;
  }

  /** Waits (without sleeping the test's logic into the code under test) until {@code instant}. */
  static void waitUntil(Instant instant) {
    Duration left = Duration.between(Instant.now(), instant);
    if (left.isNegative()) {
      return;
    }
    await()
        .atMost(left.plusSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !Instant.now().isBefore(instant));
  }

  /** Waits until {@code seconds} of the window have passed. */
  void waitIntoWindow(long seconds) {
    waitUntil(windowStart.plusSeconds(seconds));
  }

  void fault(String kind, String target, Instant at) {
    faults.add(new Fault(kind, target, at));
  }

  /** kill -9 of node {@code id}; recorded as a fault. */
  Instant kill(String id) throws InterruptedException {
    Instant at = Instant.now();
    nodes.get(id).kill();
    fault("kill -9", id, at);
    return at;
  }

  /** SIGSTOP of node {@code id}; recorded as a fault. */
  Instant pause(String id) throws IOException, InterruptedException {
    Instant at = Instant.now();
    signal("STOP", nodes.get(id).pid());
    fault("SIGSTOP", id, at);
    return at;
  }

  void resume(String id) throws IOException, InterruptedException {
    signal("CONT", nodes.get(id).pid());
  }

  /** SIGTERM and a wait for the clean exit; recorded as a fault. Returns the exit code. */
  int stopGracefully(String id) throws InterruptedException {
    Instant at = Instant.now();
    fault("SIGTERM", id, at);
    return nodes.get(id).stop(Duration.ofSeconds(90));
  }

  static void signal(String name, long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
  }

  /**
   * Waits until the window is over and every run of it has ended (or the load's drain time has
   * passed), then measures. Does not assert: the scenario does.
   */
  Figures audit() throws Exception {
    Audit audit = new Audit(dataSource, fires, everySeconds);
    waitUntil(windowEnd.plusSeconds(2));
    long intended = audit.intended(windowStart, windowEnd);
    try {
      await("every run of the window recorded and ended")
          .atMost(load.drain())
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () ->
                  audit.recorded(windowStart, windowEnd) >= intended
                      && audit.notEnded(windowStart, windowEnd) == 0);
    } catch (ConditionTimeoutException e) {
      System.out.println(scenario + ": the audit stopped waiting: " + e.getMessage());
    }
    return audit.figures(scenario, load, faults, windowStart, windowEnd).report();
  }

  /** A node that runs a keeper attempt now, per the ledger. */
  Optional<String> runningKeeperOwner() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT owner FROM cs_attempt WHERE ended_at IS NULL AND job_id LIKE 'keeper-%'"
                    + " ORDER BY started_at DESC LIMIT 1")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /**
   * Fired-trigger rows still {@code EXECUTING} whose run has already ended: completions handed to a
   * node's flusher and not yet written.
   */
  long completionsNotYetFlushed() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM QRTZ_FIRED_TRIGGERS f JOIN cs_run r"
                    + " ON r.job_id = f.JOB_NAME AND r.fire_key = f.SCHED_TIME"
                    + " WHERE f.STATE = 'EXECUTING' AND r.ended_at IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Fired-trigger rows older than {@code age}: left behind by a node, nothing runs them. */
  long staleFiredRows(Duration age) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var q =
            c.prepareStatement("SELECT count(*) FROM QRTZ_FIRED_TRIGGERS WHERE FIRED_TIME < ?")) {
      q.setLong(1, System.currentTimeMillis() - age.toMillis());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Counts the events of a type recorded for the window's runs. */
  long events(String type) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var q =
            c.prepareStatement(
                "SELECT count(*) FROM cs_event e JOIN cs_run r"
                    + " ON r.job_id = e.job_id AND r.run_no = e.run_no"
                    + " WHERE e.event_type = ? AND r.fire_key >= ? AND r.fire_key < ?")) {
      q.setString(1, type);
      q.setLong(2, windowStart.toEpochMilli());
      q.setLong(3, windowEnd.toEpochMilli());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** {@code jobs store repair} (a dry run) as JSON. */
  NodeProcess.Result storeRepair() throws IOException, InterruptedException {
    return NodeProcess.run(
        dir, "store-repair", "--config", config.toString(), "--output", "json", "store", "repair");
  }

  @Override
  public void close() throws Exception {
    for (NodeProcess node : all) {
      if (node.isAlive()) {
        signal("CONT", node.pid());
      }
      node.close();
    }
    dataSource.close();
    Path keep = Files.createDirectories(Path.of("target", "reliability", scenario));
    try (var logs = Files.newDirectoryStream(dir, "*.log")) {
      for (Path log : logs) {
        Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
