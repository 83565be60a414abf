package dev.cronstone.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.Scheduler;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerBuilder;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;

/**
 * Quartz's {@link JobStoreTX} with acquisition and firing merged for triggers already due: Quartz
 * takes the cluster's {@code TRIGGER_ACCESS} lock twice per batch (acquire: state {@code ACQUIRED}
 * and a fired-trigger row; fire: the state read again, the job read again, the fired row updated,
 * the trigger advanced), each time for a commit of its own. Here a trigger that is due when it is
 * acquired is fired in the acquiring transaction: its fired row is written {@code EXECUTING} at
 * once and the trigger advanced, and {@link #triggersFired} hands the prepared result over without
 * touching the database. About half the statements and one commit per batch fewer, all under the
 * lock every fire of the cluster queues on.
 *
 * <p>What stays Quartz's: the acquisition query and its order, triggers not yet due (acquired as
 * Quartz does, fired by Quartz's own code when their time comes), triggers with a calendar or of a
 * job that disallows concurrent execution, recovery and misfires. A fire acquired here but released
 * before Quartz took it (the scheduler stops in between) is undone: the trigger gets its fire time
 * back and its fired row goes.
 *
 * <p>Job completions are grouped ({@link Completions}): one transaction per flush instead of one
 * per completion, and plain ones (only the fired row to delete) outside the lock. Acquisition binds
 * fire times as {@code long} and limits the batch in SQL, through our delegates ({@link
 * DueTriggers}).
 */
public class FiringJobStore extends JobStoreTX {
  private volatile Completions completions;

  /** Fires prepared in an acquisition, by fire instance id, until Quartz takes or releases them. */
  private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

  /** Every trigger acquired here and not yet fired or released, by fire instance id. */
  private final Map<String, OperableTrigger> held = new ConcurrentHashMap<>();

  /** Completions held until their run's end is recorded ({@link EndGate}), not yet written. */
  private final Set<CompletableFuture<?>> waitingForEnds = ConcurrentHashMap.newKeySet();

  /** Set while the scheduler is in standby (Quartz tells its store), cleared when it resumes. */
  private volatile boolean paused;

  /** A fire done at acquisition: the result for Quartz and the trigger as it was before. */
  private record Prepared(TriggerFiredBundle bundle, OperableTrigger before) {}

  @Override
  public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    try {
      List<OperableTrigger> acquired = super.acquireNextTriggers(noLaterThan, maxCount, timeWindow);
      acquired.forEach(t -> held.put(t.getFireInstanceId(), t));
      if (paused && !acquired.isEmpty()) {
        // The scheduler went to standby (a stop begins with it) while this batch was acquired:
        // its thread would drop the batch without firing it; give it back now, while the
        // triggers are still as this acquisition left them.
        acquired.forEach(this::releaseAcquiredTrigger);
        return List.of();
      }
      return acquired;
    } catch (JobPersistenceException | RuntimeException e) {
      // Rolled back: nothing prepared by that acquisition was stored. (Prepared fires of an
      // acquisition that did commit were taken by Quartz before the next acquisition began.)
      prepared.clear();
      throw e;
    }
  }

  @Override
  protected List<OperableTrigger> acquireNextTrigger(
      Connection conn, long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    if (timeWindow < 0) {
      throw new IllegalArgumentException("timeWindow must not be negative, got " + timeWindow);
    }
    List<OperableTrigger> acquired = new ArrayList<>();
    for (int round = 1; round <= 3 && acquired.isEmpty(); round++) {
      try {
        acquire(conn, noLaterThan, maxCount, timeWindow, acquired);
      } catch (SQLException e) {
        throw new JobPersistenceException("Couldn't acquire next trigger: " + e.getMessage(), e);
      }
    }
    return acquired;
  }

  private void acquire(
      Connection conn,
      long noLaterThan,
      int maxCount,
      long timeWindow,
      List<OperableTrigger> acquired)
      throws SQLException, JobPersistenceException {
    List<DueFires.Due> due = selectDue(conn, noLaterThan + timeWindow, maxCount);
    List<DueFires.Fire> batched = new ArrayList<>();
    Set<JobKey> nonConcurrent = new HashSet<>();
    long batchEnd = noLaterThan;
    for (DueFires.Due candidate : due) {
      OperableTrigger trigger =
          candidate.trigger().isPresent()
              ? candidate.trigger().get()
              : retrieveTrigger(conn, candidate.key());
      if (trigger == null) {
        continue;
      }
      JobDetail job = candidate.job().isPresent() ? candidate.job().get() : job(conn, trigger);
      if (job == null
          || job.isConcurrentExecutionDisallowed() && !nonConcurrent.add(job.getKey())) {
        continue;
      }
      Date next = trigger.getNextFireTime();
      if (next == null) {
        getLog().warn("Trigger {} has no next fire time and yet is in the store", trigger.getKey());
        continue;
      }
      if (next.getTime() > batchEnd) {
        break;
      }
      long now = System.currentTimeMillis();
      trigger.setFireInstanceId(getFiredTriggerRecordId());
      if (next.getTime() <= now
          && trigger.getCalendarName() == null
          && !job.isConcurrentExecutionDisallowed()) {
        DueFires.Fire fire = fireNow(trigger, job);
        if (candidate.trigger().isPresent() && !fire.after().getJobDataMap().isDirty()) {
          batched.add(fire);
        } else {
          write(conn, fire);
        }
      } else if (getDelegate()
              .updateTriggerStateFromOtherState(
                  conn, trigger.getKey(), STATE_ACQUIRED, STATE_WAITING)
          > 0) {
        getDelegate().insertFiredTrigger(conn, trigger, STATE_ACQUIRED, null);
      } else {
        continue;
      }
      if (acquired.isEmpty()) {
        batchEnd = Math.max(next.getTime(), now) + timeWindow;
      }
      acquired.add(trigger);
    }
    if (!batched.isEmpty()) {
      SetBasedFiring sql = (SetBasedFiring) getDelegate();
      sql.insertFired(conn, batched);
      if (!sql.advance(conn, batched)) {
        throw new JobPersistenceException("a due trigger left WAITING while it was acquired");
      }
    }
  }

  /** The due triggers: set-based through our delegates, else keys for Quartz's reads. */
  private List<DueFires.Due> selectDue(Connection conn, long noLaterThan, int maxCount)
      throws SQLException, JobPersistenceException {
    if (getDelegate() instanceof SetBasedFiring sql) {
      return sql.selectDue(conn, noLaterThan, getMisfireTime(), maxCount, getClassLoadHelper());
    }
    return getDelegate()
        .selectTriggerToAcquire(conn, noLaterThan, getMisfireTime(), maxCount)
        .stream()
        .map(DueFires.Due::keyOnly)
        .toList();
  }

  /** The trigger's job; null (the trigger set to {@code ERROR}) when it cannot be read. */
  private JobDetail job(Connection conn, OperableTrigger trigger)
      throws SQLException, JobPersistenceException {
    try {
      return retrieveJob(conn, trigger.getJobKey());
    } catch (JobPersistenceException e) {
      getLog().error("Error retrieving job, setting trigger state to ERROR.", e);
      getDelegate().updateTriggerState(conn, trigger.getKey(), STATE_ERROR);
      return null;
    }
  }

  /**
   * Fires a due trigger inside the acquisition, as Quartz's own firing would, in a copy: the copy
   * advances to its next fire and is what Quartz's job run gets; the acquired trigger keeps its
   * scheduled time for Quartz's scheduler thread (and for the fired row, so recovery knows which
   * fire it was). The result waits for {@link #triggersFired}.
   */
  private DueFires.Fire fireNow(OperableTrigger trigger, JobDetail job) {
    OperableTrigger fired = (OperableTrigger) trigger.clone();
    Date previous = fired.getPreviousFireTime();
    fired.triggered(null);
    job.getJobDataMap().clearDirtyFlag();
    boolean recovering = trigger.getKey().getGroup().equals(Scheduler.DEFAULT_RECOVERY_GROUP);
    TriggerFiredBundle bundle =
        new TriggerFiredBundle(
            job,
            fired,
            null,
            recovering,
            new Date(),
            fired.getPreviousFireTime(),
            previous,
            fired.getNextFireTime());
    prepared.put(trigger.getFireInstanceId(), new Prepared(bundle, trigger));
    return new DueFires.Fire(trigger, fired, job);
  }

  /** The writes of one fire through Quartz's own statements (a trigger not of our type). */
  private void write(Connection conn, DueFires.Fire fire)
      throws SQLException, JobPersistenceException {
    getDelegate().insertFiredTrigger(conn, fire.before(), STATE_EXECUTING, fire.job());
    String state = fire.after().getNextFireTime() == null ? STATE_COMPLETE : STATE_WAITING;
    try {
      getDelegate().updateTrigger(conn, fire.after(), state, fire.job());
    } catch (IOException e) {
      throw new JobPersistenceException("Couldn't store trigger " + fire.after().getKey(), e);
    }
  }

  /** The fires prepared at acquisition as they are; the others fired by Quartz's own code. */
  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers)
      throws JobPersistenceException {
    List<TriggerFiredResult> results = new ArrayList<>(triggers.size());
    List<OperableTrigger> rest = new ArrayList<>();
    for (OperableTrigger trigger : triggers) {
      held.remove(trigger.getFireInstanceId());
      Prepared done = prepared.remove(trigger.getFireInstanceId());
      results.add(done == null ? null : new TriggerFiredResult(done.bundle()));
      if (done == null) {
        rest.add(trigger);
      }
    }
    if (!rest.isEmpty()) {
      List<TriggerFiredResult> fired = super.triggersFired(rest);
      int next = 0;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) == null) {
          results.set(i, fired.get(next++));
        }
      }
    }
    return results;
  }

  /**
   * A fire prepared at acquisition that Quartz gives back, or that its stopping scheduler never
   * ran, is undone so that the cluster still runs it: the trigger gets its scheduled time back when
   * it is still as the acquisition left it; when it has moved on since (another node fired its next
   * time), the fire is handed back as a one-shot trigger of its job at the fire's scheduled time
   * ({@link #handBack}), which the next node to acquire it runs late rather than never. A trigger
   * paused or removed meanwhile gets neither. The fired row goes either way.
   */
  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    held.remove(trigger.getFireInstanceId());
    Prepared done = prepared.remove(trigger.getFireInstanceId());
    if (done == null) {
      super.releaseAcquiredTrigger(trigger);
      return;
    }
    retryExecuteInNonManagedTXLock(
        LOCK_TRIGGER_ACCESS,
        conn -> {
          try {
            undo(conn, trigger, done);
          } catch (SQLException | IOException e) {
            throw new JobPersistenceException(
                "Couldn't release acquired trigger: " + e.getMessage(), e);
          }
          return null;
        });
  }

  private void undo(Connection conn, OperableTrigger trigger, Prepared done)
      throws SQLException, IOException, JobPersistenceException {
    String state = getDelegate().selectTriggerState(conn, trigger.getKey());
    boolean live = STATE_WAITING.equals(state) || STATE_COMPLETE.equals(state);
    OperableTrigger stored = live ? retrieveTrigger(conn, trigger.getKey()) : null;
    Date advancedTo = done.bundle().getTrigger().getNextFireTime();
    boolean untouched = stored != null && Objects.equals(stored.getNextFireTime(), advancedTo);
    if (untouched) {
      getDelegate().updateTrigger(conn, done.before(), STATE_WAITING, done.bundle().getJobDetail());
    } else if (!STATE_PAUSED.equals(state)
        && !STATE_PAUSED_BLOCKED.equals(state)
        && !STATE_DELETED.equals(state)
        && state != null) {
      handBack(conn, done);
    }
    getDelegate().deleteFiredTrigger(conn, trigger.getFireInstanceId());
  }

  /** The group of the one-shot triggers that hand an unrun fire back to the cluster. */
  static final String HANDBACK_GROUP = "cronstone.handback";

  /**
   * Stores a one-shot trigger for the fire {@code done} prepared: the fire's job and trigger data,
   * its scheduled time as start time (so the job sees the fire's own instant), fired whatever its
   * lateness; the run ledger's uniqueness on (job, intended fire) refuses it if the fire ran after
   * all.
   */
  private void handBack(Connection conn, Prepared done) throws JobPersistenceException {
    OperableTrigger before = done.before();
    Date at = before.getNextFireTime();
    OperableTrigger oneShot =
        (OperableTrigger)
            TriggerBuilder.newTrigger()
                .withIdentity(before.getJobKey().getName() + "@" + at.getTime(), HANDBACK_GROUP)
                .forJob(before.getJobKey())
                .usingJobData(new JobDataMap(before.getJobDataMap()))
                .withPriority(before.getPriority())
                .startAt(at)
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withMisfireHandlingInstructionIgnoreMisfires())
                .build();
    oneShot.computeFirstFireTime(null);
    getLog()
        .warn(
            "[{}] fire {} of {} was acquired here but not run, and its trigger has moved on;"
                + " handed back as trigger {}",
            getInstanceId(),
            at.toInstant(),
            before.getJobKey().getName(),
            oneShot.getKey());
    storeTrigger(conn, oneShot, null, true, STATE_WAITING, false, false);
  }

  @Override
  public void schedulerPaused() {
    paused = true;
    super.schedulerPaused();
  }

  @Override
  public void schedulerResumed() {
    paused = false;
    super.schedulerResumed();
  }

  @Override
  public void schedulerStarted() throws SchedulerException {
    super.schedulerStarted();
    paused = false;
    if (completions == null) {
      completions = new Completions(getInstanceId(), this::complete);
      completions.start();
    }
  }

  /**
   * Gives back what this node acquired and its stopped scheduler never fired (Quartz leaves such
   * triggers {@code ACQUIRED} for recovery), so the other nodes fire them at once; then writes
   * every completion handed over.
   */
  @Override
  public void shutdown() {
    List.copyOf(held.values()).forEach(this::releaseAcquiredTrigger);
    awaitEnds();
    Completions pending = completions;
    if (pending != null) {
      pending.stop(); // every completion already handed over is written before the store closes
    }
    super.shutdown();
  }

  /** Quartz's set-up, then its lock handler timed ({@link QuartzLocks}). */
  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler)
      throws SchedulerConfigException {
    super.initialize(loadHelper, signaler);
    setLockHandler(QuartzLocks.timed(getInstanceId(), getLockHandler()));
  }

  /** How long a stopping store waits for the ends its held completions wait for. */
  static final Duration END_WAIT = Duration.ofSeconds(60);

  /** The completions held for their run's end to be recorded ({@link EndGate}). */
  private void awaitEnds() {
    List<CompletableFuture<?>> waiting = List.copyOf(waitingForEnds);
    if (waiting.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
          .get(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      getLog()
          .warn(
              "[{}] {} fire completion(s) still wait for their run's end after {}; their fired"
                  + " rows are left to recovery",
              getInstanceId(),
              waitingForEnds.size(),
              END_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hands the completion to the flusher, so the worker thread is free at once; written by Quartz
   * itself when this store groups nothing (not started: the CLI's stores; or stopping).
   */
  @Override
  public void triggeredJobComplete(
      OperableTrigger trigger, JobDetail jobDetail, CompletedExecutionInstruction instruction) {
    Optional<CompletableFuture<?>> recorded = EndGate.take(trigger.getFireInstanceId());
    if (recorded.isPresent()) {
      // The run's end is still being written: the fired row must outlive it (EndGate).
      CompletableFuture<?> waiting =
          recorded
              .get()
              .handle((r, e) -> null)
              .thenRun(() -> complete(trigger, jobDetail, instruction));
      waitingForEnds.add(waiting);
      waiting.whenComplete((r, e) -> waitingForEnds.remove(waiting));
      return;
    }
    complete(trigger, jobDetail, instruction);
  }

  private void complete(
      OperableTrigger trigger, JobDetail jobDetail, CompletedExecutionInstruction instruction) {
    Completions grouped = completions;
    if (grouped == null
        || !grouped.offer(new Completions.Completion(trigger, jobDetail, instruction))) {
      super.triggeredJobComplete(trigger, jobDetail, instruction);
    }
  }

  /**
   * Writes a batch of completions: Quartz's own per-completion writes for those that change a
   * trigger, release a blocked sibling or save job data, in one transaction under {@code
   * TRIGGER_ACCESS}; then one batched delete of the fired-trigger rows of the plain ones, in a
   * transaction that does not take the lock (docs/architecture.md, "The firing path": a node's own
   * fired row is written by nothing else but a survivor's recovery, and row locks order the two as
   * the lock row would). When either transaction fails, each of its completions is written on its
   * own the way Quartz writes it (retried while the store lives), so one bad completion never holds
   * the others back.
   */
  private void complete(List<Completions.Completion> batch) {
    List<Completions.Completion> plain = new ArrayList<>();
    List<Completions.Completion> others = new ArrayList<>();
    for (Completions.Completion c : batch) {
      (c.onlyFiredRow() ? plain : others).add(c);
    }
    write(
        others,
        LOCK_TRIGGER_ACCESS,
        conn -> {
          for (Completions.Completion c : others) {
            triggeredJobComplete(conn, c.trigger(), c.job(), c.instruction());
          }
          return null;
        });
    write(
        plain,
        null, // only this node's own fired rows: no lock row (see above)
        conn -> {
          deleteFiredRows(conn, plain.stream().map(c -> c.trigger().getFireInstanceId()).toList());
          return null;
        });
  }

  /**
   * One transaction for a part of a flush; when it fails, each of its completions is written on its
   * own the way Quartz writes it.
   */
  private void write(
      List<Completions.Completion> part, String lock, TransactionCallback<Void> writes) {
    if (part.isEmpty()) {
      return;
    }
    try {
      executeInNonManagedTXLock(lock, writes, null);
    } catch (JobPersistenceException e) {
      getLog()
          .warn(
              "[{}] grouped completion of {} fire(s) failed, writing them one by one: {}",
              getInstanceId(),
              part.size(),
              e.getMessage());
      part.forEach(c -> super.triggeredJobComplete(c.trigger(), c.job(), c.instruction()));
    }
  }

  private void deleteFiredRows(Connection conn, List<String> entryIds)
      throws JobPersistenceException {
    if (entryIds.isEmpty()) {
      return;
    }
    String sql =
        "DELETE FROM " + getTablePrefix() + "FIRED_TRIGGERS WHERE SCHED_NAME = ? AND ENTRY_ID = ?";
    try (PreparedStatement delete = conn.prepareStatement(sql)) {
      for (String entryId : entryIds) {
        delete.setString(1, getInstanceName());
        delete.setString(2, entryId);
        delete.addBatch();
      }
      delete.executeBatch();
    } catch (SQLException e) {
      throw new JobPersistenceException("Couldn't delete fired triggers: " + e.getMessage(), e);
    }
  }
}
