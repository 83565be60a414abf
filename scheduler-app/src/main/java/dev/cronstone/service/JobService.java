package dev.cronstone.service;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.error.Problem;
import dev.cronstone.model.JobSpec;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.sync.JobEdits;
import dev.cronstone.sync.SpecSync;
import dev.cronstone.sync.SyncLock;
import dev.cronstone.sync.SyncOptions;
import dev.cronstone.sync.SyncResult;
import dev.cronstone.sync.VersionCheck;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * What operators do to jobs, whoever asks (the {@code jobs} command now, the HTTP API later): list,
 * show, pause and resume, sync. Works on the JDBC store directly, with or without a node running:
 * Quartz operations go through a Quartz scheduler on the store that is never started (so it never
 * fires or recovers anything), reads go straight to {@code cs_job} and Quartz's tables. Nothing
 * outside this package needs Quartz's {@link Scheduler} or SQL for these.
 *
 * <p>Write operations (sync, pause, resume) first bring the schema up to date, as a node does;
 * reads never change the store and report a missing schema as {@code store_unavailable} with a hint
 * to run {@code jobs store migrate}. Every store failure is {@code store_unavailable} with the
 * masked URL, never a stack trace. Close it to release the scheduler (and the store's sessions when
 * it opened the store).
 */
public final class JobService implements AutoCloseable {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  private final NodeConfig config;
  private final AdminStore admin;
  private final DataSource dataSource;
  private final Clock clock;
  private Scheduler scheduler;
  private final boolean ownsScheduler;
  private boolean ownsAdmin;
  private boolean migrated;

  private JobService(
      NodeConfig config,
      AdminStore admin,
      DataSource dataSource,
      Scheduler scheduler,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.admin = admin;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.scheduler = scheduler;
    this.ownsScheduler = scheduler == null;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Opens the configured store for admin work from any process.
   *
   * @throws CronstoneException {@code store_unavailable} when it does not answer
   */
  public static JobService open(NodeConfig config, Clock clock) {
    return open(config, clock, AdminStore.Use.READ);
  }

  /** A service over the configured store for a command that {@code use}s it (see AdminStore). */
  public static JobService open(NodeConfig config, Clock clock, AdminStore.Use use) {
    AdminStore admin = AdminStore.openShared(config.store(), use);
    JobService service = new JobService(config, admin, admin.dataSource(), null, clock);
    service.ownsAdmin = true;
    return service;
  }

  /** A service over a store a command opened already (shared with a {@link RunService}). */
  public static JobService over(NodeConfig config, AdminStore admin, Clock clock) {
    return new JobService(config, admin, admin.dataSource(), null, clock);
  }

  /**
   * A service over a running node's scheduler and pool (the node migrated; closing leaves them
   * open).
   */
  public static JobService onNode(
      NodeConfig config, Scheduler scheduler, DataSource dataSource, Clock clock) {
    return new JobService(
        config, null, dataSource, Objects.requireNonNull(scheduler, "scheduler"), clock);
  }

  /**
   * Jobs in id order, {@code limit} at a time (1 to {@value #MAX_LIMIT}), after the id {@code
   * after}.
   */
  public JobPage list(int limit, Optional<String> after) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CronstoneException(
          ErrorCode.INVALID_ARGUMENT,
          "--limit must be between 1 and " + MAX_LIMIT + ", got " + limit,
          null,
          List.of(new Problem("--limit", "must be between 1 and " + MAX_LIMIT)));
    }
    try {
      List<JobSummary> jobs = table().page(limit + 1, after.orElse(""));
      if (jobs.size() <= limit) {
        return new JobPage(jobs, Optional.empty());
      }
      List<JobSummary> page = jobs.subList(0, limit);
      return new JobPage(page, Optional.of(page.get(limit - 1).id()));
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "list the jobs", e);
    }
  }

  /** One job: its spec, triggers, pause and next fire times. */
  public JobView show(String jobId) {
    try {
      JobRow row = table().row(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
      return JobViews.of(row, scheduler(), clock);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "show " + jobId, e);
    } catch (SchedulerException e) {
      throw quartzFailure("show " + jobId, e);
    }
  }

  /** The stored jobs whose {@code after} names {@code jobId}: its downstream jobs, by id. */
  public List<AfterLink> downstream(String jobId) {
    try {
      return AfterLinks.downstream(dataSource, jobId);
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "read the jobs after " + jobId, e);
    }
  }

  /** Pauses a job's triggers cluster-wide and records who did it; idempotent. */
  public PauseChange pause(String jobId, String who) {
    return withPauses("pause " + jobId, p -> p.one(jobId, true, who));
  }

  /** Clears an operator's pause; a disabled job stays without a trigger. Idempotent. */
  public PauseChange resume(String jobId, String who) {
    return withPauses("resume " + jobId, p -> p.one(jobId, false, who));
  }

  /** Pauses every stored job; jobs added later are not paused. */
  public List<PauseChange> pauseAll(String who) {
    return withPauses("pause all jobs", p -> p.all(true, who));
  }

  /** Resumes every paused job. */
  public List<PauseChange> resumeAll(String who) {
    return withPauses("resume all jobs", p -> p.all(false, who));
  }

  /**
   * Records the pauses and resumes a Quartz client made in Quartz's tables (docs/quartz-interop.md)
   * as made by {@code quartz}; a resumed job's schedule restarts from now unless its misfire policy
   * is {@code catch_up}. The synchronous step of a node's watch; cheap when there is nothing new. A
   * round that finds the job lock held by a sync, pause or resume records nothing and says so.
   */
  public List<PauseChange> recogniseQuartzPauses() {
    return withPauses("record the pauses made through Quartz", Pauses::recogniseQuartz);
  }

  /**
   * Reconciles {@code dir} with the store (see {@link SpecSync}); {@code jobs.removeMissing} comes
   * from the config. A result with {@link SyncResult#policyDenied()} applied everything but the
   * removals a safety rule held back.
   */
  public SyncResult sync(Path dir, boolean dryRun, boolean force, String who) {
    if (!dryRun) {
      migrate();
    }
    SyncOptions options = new SyncOptions(dryRun, force, config.jobs().removeMissing(), who);
    try {
      if (!dryRun) {
        // A pause a Quartz client made is recorded first, so a replaced trigger keeps it.
        new Pauses(scheduler(), table(), dataSource, clock).recogniseQuartz();
      }
      return new SpecSync(scheduler(), dataSource, clock).run(dir, options);
    } catch (SQLException e) {
      throw locked(e)
          ? lockTimeout("sync")
          : StoreErrors.unavailable(config.store(), "sync " + dir, e);
    } catch (SchedulerException e) {
      throw quartzFailure("sync " + dir, e);
    }
  }

  /** {@link #sync(Path, boolean, boolean, String)} of the configured {@code jobs.dir}. */
  public SyncResult sync(boolean dryRun, boolean force, String who) {
    return sync(config.jobs().dir(), dryRun, force, who);
  }

  /**
   * Creates or replaces the store-owned job of {@code spec.id()} (docs/job-spec.md, "Who owns a
   * job"); {@code job_file_owned} when its spec file owns it, {@code version_conflict} when {@code
   * check} fails. Saving the content it already has saves no new version.
   */
  public JobEdits.Saved save(JobSpec spec, VersionCheck check, String who) {
    return edit("save " + spec.id(), edits -> edits.save(spec, check, who));
  }

  /** Enables or disables a store-owned job: a new version of its spec when it changes. */
  public JobEdits.Saved setEnabled(String jobId, boolean enabled, VersionCheck check, String who) {
    return edit(
        (enabled ? "enable " : "disable ") + jobId,
        edits -> edits.setEnabled(jobId, enabled, check, who));
  }

  /** Deletes a store-owned job; its saved versions and its runs stay. */
  public JobEdits.Deleted delete(String jobId, VersionCheck check, String who) {
    return edit("delete " + jobId, edits -> edits.delete(jobId, check, who));
  }

  /**
   * The saved versions of a job, newest first, {@code limit} (1 to {@value #MAX_LIMIT}) at a time,
   * older than {@code before}; {@code job_not_found} when the id has none (and no job).
   */
  public VersionPage versions(String jobId, int limit, Optional<Long> before) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw CronstoneException.invalidArgument("limit", "must be between 1 and " + MAX_LIMIT);
    }
    try {
      List<JobVersion> found =
          new VersionTable(dataSource).page(jobId, before.orElse(Long.MAX_VALUE), limit + 1);
      if (found.isEmpty() && before.isEmpty()) {
        table().row(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
      }
      if (found.size() <= limit) {
        return new VersionPage(jobId, found, Optional.empty());
      }
      List<JobVersion> page = found.subList(0, limit);
      return new VersionPage(jobId, page, Optional.of(page.get(limit - 1).version()));
    } catch (SQLException e) {
      throw StoreErrors.unavailable(config.store(), "read the versions of " + jobId, e);
    }
  }

  private <T> T edit(String what, EditWork<T> work) {
    migrate();
    try {
      return work.run(
          new JobEdits(dataSource, QuartzNames.SCHEDULER_NAME, clock, SyncLock.DEFAULT_WAIT));
    } catch (SQLException e) {
      throw locked(e) ? lockTimeout(what) : StoreErrors.unavailable(config.store(), what, e);
    }
  }

  @FunctionalInterface
  private interface EditWork<T> {
    T run(JobEdits edits) throws SQLException;
  }

  @Override
  public void close() {
    if (ownsScheduler && scheduler != null) {
      try {
        scheduler.shutdown(false);
      } catch (SchedulerException e) {
        // nothing was started; nothing to lose
      }
      scheduler = null;
    }
    if (ownsAdmin) {
      admin.close();
    }
  }

  private <T> T withPauses(String what, PauseWork<T> work) {
    migrate();
    try {
      return work.run(new Pauses(scheduler(), table(), dataSource, clock));
    } catch (SQLException e) {
      throw locked(e) ? lockTimeout(what) : StoreErrors.unavailable(config.store(), what, e);
    } catch (SchedulerException e) {
      throw quartzFailure(what, e);
    }
  }

  @FunctionalInterface
  private interface PauseWork<T> {
    T run(Pauses pauses) throws SQLException, SchedulerException;
  }

  private JobTable table() {
    return new JobTable(dataSource, QuartzNames.SCHEDULER_NAME);
  }

  private void migrate() {
    if (admin != null && !migrated) {
      admin.ensureCurrent();
      migrated = true;
    }
  }

  private Scheduler scheduler() throws SchedulerException {
    if (scheduler == null) {
      scheduler =
          QuartzSchedulers.createAdmin(config, "cli-" + ProcessHandle.current().pid(), dataSource);
    }
    return scheduler;
  }

  private static boolean locked(SQLException e) {
    return SyncLock.isLockTimeout(e);
  }

  private CronstoneException lockTimeout(String what) {
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot "
            + what
            + ": another sync, pause, resume or job save held the"
            + " job lock of the store at "
            + config.store().maskedUrl()
            + " for more than "
            + SyncLock.DEFAULT_WAIT
            + "; try again",
        null,
        List.of());
  }

  private CronstoneException quartzFailure(String what, SchedulerException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return StoreErrors.unavailable(config.store(), what, sql);
      }
    }
    return new CronstoneException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot "
            + what
            + ": the Quartz store at "
            + config.store().maskedUrl()
            + " failed: "
            + StoreErrors.detail(config.store(), e),
        null,
        List.of(),
        e);
  }
}
