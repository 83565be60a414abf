package dev.cronstone.artifacts;

import dev.cronstone.config.ArtifactsConfig;
import dev.cronstone.ledger.RunLedger;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's background retention: for every stored job, its spec's {@code retention}, else the node
 * config's {@code artifacts.retention}, applied through the ledger's prune and then to the pruned
 * runs' artifact folders (see {@link RunPruner}). With no retention anywhere (the default) it
 * prunes nothing. Every node of a cluster may run it: the ledger deletes in transactions and never
 * touches queued or running runs; a folder is deleted only once its run is gone from the ledger.
 *
 * <p>{@link #runOnce(Instant)} is the synchronous step; {@link #start(Duration)} runs it on a
 * daemon thread every so often, logging (with the node id) whatever it throws and going on.
 */
public final class Retention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final String nodeId;
  private final JobRetentions jobs;
  private final RunPruner pruner;
  private final RetentionRule nodeDefault;
  private final Clock clock;
  private final AtomicLong failedPasses = new AtomicLong();
  private ScheduledExecutorService loop;

  public Retention(
      String nodeId,
      DataSource dataSource,
      RunLedger ledger,
      ArtifactsConfig artifacts,
      ArtifactsOwner owner,
      Clock clock) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.jobs = new JobRetentions(Objects.requireNonNull(dataSource, "dataSource"));
    this.pruner = new RunPruner(Objects.requireNonNull(ledger, "ledger"), artifacts.dir(), owner);
    this.nodeDefault = RetentionRule.of(artifacts.retention());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What one pass pruned, per job with a retention, and the jobs it could not prune. */
  public record Pass(Instant at, List<JobPrune> jobs, List<String> failures) {
    public Pass {
      jobs = List.copyOf(jobs);
      failures = List.copyOf(failures);
    }

    public int pruned() {
      return jobs.stream().mapToInt(j -> j.pruned().size()).sum();
    }
  }

  /**
   * One pass over every stored job. A job whose prune fails is logged and reported; the others go
   * on. Throws only when the list of jobs itself cannot be read.
   *
   * @param now when this pass runs (for the report and logs; ages are measured by the ledger's
   *     clock)
   */
  public Pass runOnce(Instant now) {
    List<JobPrune> done = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    boolean onlyOwn = nodeDefault.keepsAll();
    String after = "";
    try {
      for (List<JobRetentions.Job> page = jobs.page(after, onlyOwn);
          !page.isEmpty();
          page = jobs.page(after, onlyOwn)) {
        for (JobRetentions.Job job : page) {
          prune(job.id(), job.own().orElse(nodeDefault)).ifPresent(done::add);
          after = job.id();
        }
        if (page.size() < JobRetentions.PAGE) {
          break;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the stored jobs: " + e.getMessage(), e);
    } finally {
      done.stream().flatMap(j -> j.folderFailures().stream()).forEach(failures::add);
    }
    Pass pass = new Pass(now, done, failures);
    if (pass.pruned() > 0) {
      LOG.info(
          "[{}] retention pruned {} run(s) of {} job(s)",
          nodeId,
          pass.pruned(),
          done.stream().filter(j -> !j.pruned().isEmpty()).count());
    }
    return pass;
  }

  private Optional<JobPrune> prune(String jobId, RetentionRule rule) {
    if (rule.keepsAll()) {
      return Optional.empty();
    }
    try {
      JobPrune result = pruner.prune(jobId, rule, false);
      result
          .folderFailures()
          .forEach(
              f -> LOG.warn("[{}] retention of {}: cannot delete a folder: {}", nodeId, jobId, f));
      return Optional.of(result);
    } catch (RuntimeException e) {
      LOG.warn("[{}] retention of {} failed: {}", nodeId, jobId, e.toString());
      return Optional.of(
          new JobPrune(
              jobId, rule, false, List.of(), 0, List.of("prune failed: " + e.getMessage())));
    }
  }

  /** Runs {@link #runOnce} every {@code every} (first after one period) until {@link #stop()}. */
  public synchronized void start(Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive, got " + every);
    }
    if (loop != null) {
      throw new IllegalStateException("retention already started");
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-retention-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    loop.scheduleWithFixedDelay(
        this::step, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass of the loop: whatever it throws is logged and the loop goes on. */
  void step() {
    try {
      runOnce(clock.instant());
    } catch (Throwable t) { // NOPMD: the loop must survive anything
      failedPasses.incrementAndGet();
      LOG.error("[{}] retention pass failed; next pass as scheduled", nodeId, t);
    }
  }

  /** How many background passes have failed since this object was made. */
  long failedPasses() {
    return failedPasses.get();
  }

  /** Stops the loop, letting a pass under way finish (up to 30 s). Idempotent. */
  public synchronized void stop() {
    if (loop == null) {
      return;
    }
    loop.shutdown();
    try {
      if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
    loop = null;
  }

  @Override
  public void close() {
    stop();
  }
}
