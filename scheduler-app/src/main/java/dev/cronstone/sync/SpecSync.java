package dev.cronstone.sync;

import dev.cronstone.model.SpecLoader;
import dev.cronstone.model.SpecSet;
import dev.cronstone.sync.SyncPlanner.Planned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the spec folder with the store (docs/operations.md, "Sync"; docs/cli.md): adds new
 * specs, updates those whose content hash changed, removes those whose file is gone, and writes
 * nothing for the rest. Invalid files are reported and skipped; a stored job whose file turned
 * invalid is kept as it was. Removals follow the safety rules of {@link SyncPlanner}. Each sync
 * plans and applies under {@link SyncLock}, so syncs of several processes never interleave. The
 * changes are written set-based by {@link StoreWriter}: Quartz's rows first, a thousand jobs per
 * transaction under Quartz's own lock, and the {@code cs_job} rows last, so a sync that stops
 * half-way leaves a difference the next sync sees and repairs.
 *
 * <p>Works with any Quartz scheduler on the store, started (a node) or not (the CLI).
 */
public final class SpecSync {
  private static final Logger LOG = LoggerFactory.getLogger(SpecSync.class);

  private final Scheduler scheduler;
  private final DataSource dataSource;
  private final Clock clock;
  private final Duration lockWait;

  public SpecSync(Scheduler scheduler, DataSource dataSource, Clock clock) {
    this(scheduler, dataSource, clock, SyncLock.DEFAULT_WAIT);
  }

  public SpecSync(Scheduler scheduler, DataSource dataSource, Clock clock, Duration lockWait) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
  }

  /**
   * Plans and, unless {@code options.dryRun()}, applies. Jobs that fail to write are reported in
   * the result and the others go on; a store that stops answering ends the sync with the exception.
   */
  public SyncResult run(Path dir, SyncOptions options) throws SQLException, SchedulerException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Optional<SpecSet> folder = read(dir);
    JobRecords records = new JobRecords(dataSource, scheduler.getSchedulerName());
    if (options.dryRun()) {
      return new SyncResult(plan(dir, folder, records, options).plan(), false, List.of());
    }
    try (SyncLock lock = SyncLock.acquire(dataSource, lockWait)) {
      Planned planned = plan(dir, folder, records, options);
      List<SyncResult.Failure> failures =
          new StoreWriter(
                  dataSource,
                  scheduler.getSchedulerName(),
                  records,
                  options.actor(),
                  clock.instant())
              .apply(planned.writes(), planned.removals());
      if (Statistics.refreshAfter(
          dataSource, planned.writes().size() + planned.removals().size())) {
        LOG.info(
            "[{}] refreshed the store's planner statistics after a bulk sync", options.actor());
      }
      SyncResult result = new SyncResult(planned.plan(), true, failures);
      if (planned.plan().noWrites()) {
        LOG.debug("[{}] synced {}: {}", options.actor(), dir, planned.plan().summary());
      } else {
        LOG.info("[{}] synced {}: {}", options.actor(), dir, planned.plan().summary());
      }
      return result;
    }
  }

  /**
   * A node's start-up sync: never forced. What it could not do is logged as a warning and the node
   * goes on; a store that does not answer still throws.
   */
  public SyncResult runAtStart(Path dir, String nodeId, boolean removeMissing)
      throws SQLException, SchedulerException {
    SyncResult result = run(dir, SyncOptions.atStart(nodeId, removeMissing));
    result
        .plan()
        .invalid()
        .forEach(
            i ->
                LOG.warn(
                    "[{}] skipped invalid spec {}{}: {}",
                    nodeId,
                    i.source(),
                    i.kept() ? " (its stored job is kept as it was)" : "",
                    i.problems()));
    result.plan().withheld().ifPresent(w -> LOG.warn("[{}] {}", nodeId, w.summary()));
    result
        .failures()
        .forEach(f -> LOG.warn("[{}] could not sync {}: {}", nodeId, f.jobId(), f.message()));
    return result;
  }

  private Optional<SpecSet> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(new SpecLoader(clock).loadAll(List.of(dir)));
  }

  private Planned plan(Path dir, Optional<SpecSet> folder, JobRecords records, SyncOptions options)
      throws SQLException {
    return SyncPlanner.plan(
        dir.toString(), folder, records.readAll(), records.afterEdges(), options, clock.instant());
  }

  /** True when the exception, or one of its causes, says the store cannot be reached. */
  static boolean storeUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
