package dev.cronstone.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.ledger.RunId;
import dev.cronstone.model.JobSpec;
import dev.cronstone.node.Node;
import dev.cronstone.store.QuartzLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cronstone: one in-process node with its default settings, the full run ledger and the artifacts
 * of every run. Its N noop jobs are in the store once (scheduled yearly); a round makes all their
 * triggers due at once by moving {@code NEXT_FIRE_TIME}, so each fire takes the whole scheduled-run
 * path: the run opened with its number, the attempt, its events, the run finished, the artifacts.
 *
 * <p>By default every round starts a node of its own, so each fire is its job's first since its
 * node started (the node's per-job caches, such as parsed specs and metric series, are cold). With
 * {@code keepNode}, one node runs every round, so from the second round on each fire is a repeat
 * fire of its job, as on a node that has been up for a while.
 */
final class CronstoneContender implements Contender {
  static final String NAME = "cronstone";

  private final String url;
  private final Path work;
  private final CpuMeter meter;
  private NodeConfig config;
  private HikariDataSource pool;
  private ArtifactWriter artifacts;

  private final boolean keepNode;
  private Node kept;

  CronstoneContender(String url, Path work, boolean keepNode) {
    this.url = url;
    this.meter = new CpuMeter(url);
    this.work = work;
    this.keepNode = keepNode;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void setUp(int jobs) throws Exception {
    config = Configs.node(url, work).load(work.resolve("scheduler.yaml"));
    pool = Stores.pool("bench-" + NAME, url, 3);
    Clock clock = Clock.systemUTC();
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      String id = Specs.id("noop", i);
      specs.add(Specs.parse(id, Specs.noop(id, Optional.of(Specs.YEARLY)), clock));
    }
    JobLoader.loadSameSchedule(config, pool, specs, clock);
    artifacts =
        new ArtifactWriter(
            config.artifacts(), dev.cronstone.service.ArtifactOwners.of(pool, config, clock));
  }

  @Override
  public Round round(int jobs) throws Exception {
    clearLedger();
    Node node = keepNode && kept != null ? kept : startNode();
    if (keepNode) {
      kept = node;
    }
    double finishedBefore = finishedRuns(node);
    try {
      long due = System.currentTimeMillis() + 1000;
      try (Connection c = pool.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ? WHERE TRIGGER_GROUP = 'cronstone'")) {
        s.setLong(1, due);
        s.executeUpdate();
      }
      CpuMeter.Reading before = meter.read();
      double lockBefore = QuartzLocks.heldSeconds(node.nodeId(), "TRIGGER_ACCESS");
      Duration within = Duration.ofSeconds(120 + jobs / 10);
      // Like the other contenders' in-memory trackers: the node's own count of finished runs first,
      // so the wait does not scan the ledger while the runs are being made; then the ledger and
      // the receipts are checked.
      Waits.until(
          NAME + " runs finished (node metrics)",
          within,
          Duration.ofMillis(20),
          () -> finishedRuns(node) - finishedBefore >= jobs);
      long end =
          Waits.until(
              NAME + " runs recorded with artifacts",
              within,
              Duration.ofMillis(20),
              () -> ended() >= jobs && receiptsWritten());
      CpuMeter.Reading spent = meter.read().since(before);
      double lockHeldMs =
          (QuartzLocks.heldSeconds(node.nodeId(), "TRIGGER_ACCESS") - lockBefore) * 1000;
      return new Round(
          jobs, due, firstStart(), end, jobs - succeeded(), spent, Optional.of(lockHeldMs));
    } finally {
      if (!keepNode) {
        node.close();
      }
    }
  }

  private Node startNode() {
    return Node.start(config, Clock.systemUTC(), name -> Optional.ofNullable(System.getenv(name)));
  }

  /** The node's {@code cronstone_runs_finished_total}, summed over its labels. */
  private static double finishedRuns(Node node) {
    // Read from the meters: rendering the whole scrape every 20 ms cost the bench JVM a tenth of
    // its CPU in the round's window (JFR), which the CPU-per-run figure counted as Cronstone's.
    return node.metrics()
        .orElseThrow(() -> new IllegalStateException("metrics are off"))
        .runsFinished();
  }

  private void clearLedger() throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM cs_event");
      s.execute("DELETE FROM cs_attempt");
      s.execute("DELETE FROM cs_run");
    }
  }

  private long ended() throws Exception {
    try (Connection c = pool.getConnection()) {
      return Stores.count(c, "SELECT COUNT(*) FROM cs_run WHERE ended_at IS NOT NULL");
    }
  }

  private int succeeded() throws Exception {
    try (Connection c = pool.getConnection()) {
      return (int) Stores.count(c, "SELECT COUNT(*) FROM cs_run WHERE status = 'succeeded'");
    }
  }

  private boolean receiptsWritten() throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT job_id, run_no FROM cs_run")) {
      while (rs.next()) {
        Path receipt =
            artifacts
                .folder(new RunId(rs.getString(1), rs.getLong(2)))
                .resolve(ArtifactWriter.RECEIPT);
        if (!Files.exists(receipt)) {
          return false;
        }
      }
    }
    return true;
  }

  private long firstStart() throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(started_at) FROM cs_attempt")) {
      rs.next();
      return rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toEpochMilli();
    }
  }

  @Override
  public void tearDown() {
    if (kept != null) {
      kept.close();
    }
    if (pool != null) {
      pool.close();
    }
  }
}
