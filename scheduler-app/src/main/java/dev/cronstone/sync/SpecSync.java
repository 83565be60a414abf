package dev.cronstone.sync;

import dev.cronstone.execution.JobData;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.model.SpecSet;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.sync.SyncPlanner.Planned;
import dev.cronstone.sync.SyncPlanner.Write;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the spec folder with the store (design sections 2 and 5): adds new specs, updates
 * those whose content hash changed, removes those whose file is gone, and writes nothing for the
 * rest. Invalid files are reported and skipped; a stored job whose file turned invalid is kept as
 * it was. Removals follow the safety rules of {@link SyncPlanner}. Each sync plans and applies
 * under {@link SyncLock}, so syncs of several processes never interleave. For each job the Quartz
 * changes are written first and its {@code cs_job} row last, so a sync that stops half-way leaves a
 * difference the next sync sees and repairs.
 *
 * <p>Works with any Quartz scheduler on the store, started (a node) or not (the CLI).
 */
public final class SpecSync {
  private static final Logger LOG = LoggerFactory.getLogger(SpecSync.class);

  /** New jobs added per Quartz transaction and per {@code cs_job} batch. */
  static final int BATCH = 500;

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
      List<SyncResult.Failure> failures = apply(planned, records, options.actor());
      if (Statistics.refreshAfter(
          dataSource, planned.writes().size() + planned.removals().size())) {
        LOG.info(
            "[{}] refreshed the store's planner statistics after a bulk sync", options.actor());
      }
      SyncResult result = new SyncResult(planned.plan(), true, failures);
      LOG.info("[{}] synced {}: {}", options.actor(), dir, planned.plan().summary());
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
    result
        .plan()
        .withheld()
        .ifPresent(w -> LOG.warn("[{}] {}: {}", nodeId, w.message(), w.jobIds()));
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
    return SyncPlanner.plan(dir.toString(), folder, records.readAll(), options, clock.instant());
  }

  private List<SyncResult.Failure> apply(Planned planned, JobRecords records, String actor)
      throws SQLException, SchedulerException {
    List<SyncResult.Failure> failures = new ArrayList<>();
    Instant now = clock.instant();
    List<Write> fresh = new ArrayList<>();
    for (Write write : planned.writes()) {
      if (write.before().isEmpty()) {
        fresh.add(write);
        continue;
      }
      try {
        write(write, records, actor, now);
      } catch (SQLException | SchedulerException | RuntimeException e) {
        failed(failures, write.spec().id(), actor, e);
      }
    }
    for (int from = 0; from < fresh.size(); from += BATCH) {
      addAll(
          fresh.subList(from, Math.min(fresh.size(), from + BATCH)), records, actor, now, failures);
    }
    for (String jobId : planned.removals()) {
      try {
        scheduler.deleteJob(SpecTranslator.jobKey(jobId));
        records.delete(jobId);
      } catch (SQLException | SchedulerException | RuntimeException e) {
        failed(failures, jobId, actor, e);
      }
    }
    return failures;
  }

  /**
   * Adds new jobs {@value #BATCH} at a time: their Quartz jobs and triggers in one Quartz
   * transaction ({@code scheduleJobs}), then their {@code cs_job} rows in one JDBC batch. When the
   * Quartz part fails (nothing of it is kept), each job is written alone, so one bad job does not
   * stop the others; when the rows fail, the jobs are reported and the next sync adds their rows.
   */
  private void addAll(
      List<Write> writes,
      JobRecords records,
      String actor,
      Instant now,
      List<SyncResult.Failure> failures)
      throws SQLException, SchedulerException {
    Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
    for (Write write : writes) {
      Set<Trigger> triggers = new HashSet<>();
      write.translation().trigger().ifPresent(triggers::add);
      jobs.put(write.translation().job(), triggers);
    }
    try {
      scheduler.scheduleJobs(jobs, false);
    } catch (SchedulerException | RuntimeException e) {
      if (storeUnreachable(e)) {
        throw e;
      }
      for (Write write : writes) {
        try {
          write(write, records, actor, now);
        } catch (SQLException | SchedulerException | RuntimeException alone) {
          failed(failures, write.spec().id(), actor, alone);
        }
      }
      return;
    }
    List<JobRecords.Row> rows = new ArrayList<>();
    for (Write write : writes) {
      rows.add(row(write, actor));
    }
    try {
      records.insertAll(rows, now);
    } catch (SQLException | RuntimeException e) {
      for (Write write : writes) {
        failed(failures, write.spec().id(), actor, e);
      }
    }
  }

  private static JobRecords.Row row(Write write, String actor) {
    JobDetail job = write.translation().job();
    return new JobRecords.Row(
        write.spec().id(),
        job.getJobDataMap().getString(JobData.SPEC_JSON),
        job.getJobDataMap().getString(JobData.SPEC_HASH),
        write.source(),
        write.spec().enabled(),
        actor);
  }

  private void write(Write write, JobRecords records, String actor, Instant now)
      throws SQLException, SchedulerException {
    String id = write.spec().id();
    JobDetail job = write.translation().job();
    Optional<CronstoneTrigger> trigger = write.translation().trigger();
    TriggerKey triggerKey = SpecTranslator.triggerKey(id);
    boolean inQuartz = write.before().map(StoredJob::quartzJob).orElse(false);
    if (!inQuartz) {
      if (trigger.isPresent()) {
        scheduler.scheduleJob(job, trigger.get());
      } else {
        scheduler.addJob(job, false);
      }
    } else {
      scheduler.addJob(job, true);
      boolean hadTrigger = scheduler.checkExists(triggerKey);
      if (trigger.isPresent() && hadTrigger) {
        // Delete and re-add in one transaction: never storeTrigger(replace) (design section 10).
        scheduler.rescheduleJob(triggerKey, trigger.get());
      } else if (trigger.isPresent()) {
        scheduler.scheduleJob(trigger.get());
      } else if (hadTrigger) {
        scheduler.unscheduleJob(triggerKey);
      }
    }
    if (trigger.isPresent() && write.before().map(StoredJob::paused).orElse(false)) {
      scheduler.pauseJob(job.getKey());
    }
    JobRecords.Row row = row(write, actor);
    if (write.add()) {
      records.insert(row, now);
    } else {
      records.update(row, now);
    }
  }

  private static <E extends Exception> void failed(
      List<SyncResult.Failure> failures, String jobId, String actor, E e)
      throws SQLException, SchedulerException {
    if (storeUnreachable(e)) {
      if (e instanceof SQLException sql) {
        throw sql;
      }
      if (e instanceof SchedulerException se) {
        throw se;
      }
    }
    LOG.warn("[{}] could not sync job {}: {}", actor, jobId, e.toString());
    failures.add(new SyncResult.Failure(jobId, String.valueOf(e.getMessage())));
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
