package dev.cronstone.sync;

import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.Problem;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.sync.SyncPlanner.Write;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a sync plan set-based, on one connection. The Quartz rows of {@value #CHUNK} jobs at a
 * time go in one transaction that holds Quartz's {@code TRIGGER_ACCESS} lock row, multi-row inserts
 * and JDBC batches per table ({@link QuartzRows}); their {@code cs_job} rows follow in a second
 * transaction, so a sync that stops between the two leaves a difference the next sync sees and
 * repairs. When a chunk fails (nothing of it is kept), its jobs are written one by one, so one bad
 * job does not stop the others; a store that stops answering ends the sync with the exception.
 */
final class StoreWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

  /**
   * Jobs per transaction: bounds how long firing nodes wait for the lock (about 50 ms on an idle
   * 2-core machine, a few hundred under heavy load).
   */
  static final int CHUNK = 500;

  private final DataSource dataSource;
  private final String schedulerName;
  private final JobRecords records;
  private final String actor;
  private final Instant now;
  private final List<SyncResult.Failure> failures = new ArrayList<>();
  private Connection connection;

  StoreWriter(
      DataSource dataSource, String schedulerName, JobRecords records, String actor, Instant now) {
    this.dataSource = dataSource;
    this.schedulerName = schedulerName;
    this.records = records;
    this.actor = actor;
    this.now = now;
  }

  /** Writes the plan's jobs, then removes its removals; returns the jobs that failed. */
  List<SyncResult.Failure> apply(List<Write> writes, List<String> removals) throws SQLException {
    try (Connection opened = dataSource.getConnection()) {
      connection = opened;
      return applyOn(writes, removals);
    } finally {
      connection = null;
    }
  }

  private List<SyncResult.Failure> applyOn(List<Write> writes, List<String> removals)
      throws SQLException {
    List<Write> ready = new ArrayList<>();
    for (Write write : writes) {
      Optional<CronstoneTrigger> trigger = write.translation().trigger();
      if (trigger.isPresent() && trigger.get().computeFirstFireTime(null) == null) {
        failed(write.spec().id(), new IllegalStateException("its schedule never fires again"));
      } else {
        ready.add(write);
      }
    }
    for (int from = 0; from < ready.size(); from += CHUNK) {
      write(ready.subList(from, Math.min(ready.size(), from + CHUNK)));
      if (from == 0 && ready.size() > CHUNK && Statistics.refresh(dataSource)) {
        LOG.info("[{}] refreshed the store's planner statistics after the first chunk", actor);
      }
    }
    for (int from = 0; from < removals.size(); from += CHUNK) {
      remove(removals.subList(from, Math.min(removals.size(), from + CHUNK)));
    }
    return failures;
  }

  /**
   * Writes one job, its Quartz rows and its {@code cs_job} row (with its new version), in one
   * transaction: a save through the API or the CLI is all or nothing.
   *
   * @throws InvalidSpecException when its schedule never fires again
   */
  void applyOne(Write write) throws SQLException {
    Optional<CronstoneTrigger> trigger = write.translation().trigger();
    if (trigger.isPresent() && trigger.get().computeFirstFireTime(null) == null) {
      throw new InvalidSpecException(
          "the schedule of " + write.spec().id() + " never fires again",
          write.spec().id(),
          List.of(new Problem("schedule.cron", "never fires again")));
    }
    List<JobRecords.Row> row = List.of(row(write));
    try (Connection opened = dataSource.getConnection()) {
      connection = opened;
      inTransaction(
          rows -> {
            writeQuartz(rows, List.of(write));
            records.writeOn(
                connection,
                write.add() ? row : List.of(),
                write.add() ? List.of() : row,
                List.of(),
                now);
          });
    } finally {
      connection = null;
    }
  }

  /** Removes one job, its Quartz rows and its {@code cs_job} row, in one transaction. */
  void removeOne(String jobId) throws SQLException {
    try (Connection opened = dataSource.getConnection()) {
      connection = opened;
      inTransaction(
          rows -> {
            rows.deleteJobs(List.of(jobId));
            records.writeOn(connection, List.of(), List.of(), List.of(jobId), now);
          });
    } finally {
      connection = null;
    }
  }

  private void write(List<Write> chunk) throws SQLException {
    try {
      inTransaction(rows -> writeQuartz(rows, chunk));
    } catch (SQLException | RuntimeException e) {
      rethrowIfUnreachable(e);
      if (chunk.size() == 1) {
        failed(chunk.get(0).spec().id(), e);
        return;
      }
      for (Write write : chunk) {
        write(List.of(write));
      }
      return;
    }
    List<JobRecords.Row> added = new ArrayList<>();
    List<JobRecords.Row> updated = new ArrayList<>();
    for (Write write : chunk) {
      (write.add() ? added : updated).add(row(write));
    }
    try {
      records.writeAll(connection, added, updated, List.of(), now);
    } catch (SQLException | RuntimeException e) {
      rethrowIfUnreachable(e);
      for (Write write : chunk) {
        rowAlone(write);
      }
    }
  }

  private void rowAlone(Write write) throws SQLException {
    List<JobRecords.Row> row = List.of(row(write));
    try {
      records.writeAll(
          connection, write.add() ? row : List.of(), write.add() ? List.of() : row, List.of(), now);
    } catch (SQLException | RuntimeException e) {
      rethrowIfUnreachable(e);
      failed(write.spec().id(), e);
    }
  }

  private static void writeQuartz(QuartzRows rows, List<Write> chunk) throws SQLException {
    List<QuartzJob> inserted = new ArrayList<>();
    List<QuartzJob> updated = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    List<CronstoneTrigger> triggers = new ArrayList<>();
    List<String> paused = new ArrayList<>();
    for (Write write : chunk) {
      boolean inQuartz = write.before().map(StoredJob::quartzJob).orElse(false);
      (inQuartz ? updated : inserted).add(write.translation().job());
      if (inQuartz) {
        replaced.add(write.spec().id());
      }
      write.translation().trigger().ifPresent(triggers::add);
      if (write.before().map(StoredJob::paused).orElse(false)) {
        paused.add(write.spec().id());
      }
    }
    rows.insertJobs(inserted);
    rows.updateJobs(updated);
    // Delete and re-add: never an in-place trigger update (docs/architecture.md, "Our trigger type
    // in Quartz's store").
    rows.deleteScheduleTriggers(replaced);
    rows.insertTriggers(triggers, triggers.isEmpty() ? QuartzRows.WAITING : rows.newTriggerState());
    rows.pauseTriggersOf(paused);
  }

  private void remove(List<String> chunk) throws SQLException {
    try {
      inTransaction(rows -> rows.deleteJobs(chunk));
      records.writeAll(connection, List.of(), List.of(), chunk, now);
    } catch (SQLException | RuntimeException e) {
      rethrowIfUnreachable(e);
      if (chunk.size() == 1) {
        failed(chunk.get(0), e);
        return;
      }
      for (String jobId : chunk) {
        remove(List.of(jobId));
      }
    }
  }

  private void inTransaction(Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      QuartzRows rows = new QuartzRows(connection, schedulerName);
      rows.lockTriggerAccess();
      work.run(rows);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static JobRecords.Row row(Write write) {
    QuartzJob job = write.translation().job();
    return new JobRecords.Row(
        job.id(),
        job.specJson(),
        job.specHash(),
        write.source(),
        write.spec().enabled(),
        write.actor(),
        write.owner(),
        write.savedBy());
  }

  private static void rethrowIfUnreachable(Exception e) throws SQLException {
    if (SpecSync.storeUnreachable(e)) {
      if (e instanceof SQLException sql) {
        throw sql;
      }
      throw (RuntimeException) e;
    }
  }

  private void failed(String jobId, Exception e) {
    LOG.warn("[{}] could not sync job {}: {}", actor, jobId, e.toString());
    failures.add(new SyncResult.Failure(jobId, String.valueOf(e.getMessage())));
  }

  @FunctionalInterface
  private interface Work {
    void run(QuartzRows rows) throws SQLException;
  }
}
