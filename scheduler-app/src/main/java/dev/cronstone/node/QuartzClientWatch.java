package dev.cronstone.node;

import dev.cronstone.service.JobService;
import dev.cronstone.service.PauseChange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.listeners.SchedulerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's watch over what Quartz clients do to the store (docs/quartz-interop.md): every {@code
 * every} it records the pauses and resumes they made ({@link JobService#recogniseQuartzPauses}).
 * The first round runs before the node starts firing, so a resume made while no node ran is
 * recorded before any fire. The loop ends when the node's scheduler shuts down.
 */
final class QuartzClientWatch extends SchedulerListenerSupport {
  private static final Logger LOG = LoggerFactory.getLogger(QuartzClientWatch.class);

  private final String nodeId;
  private final Supplier<List<PauseChange>> round;
  private final ScheduledExecutorService loop;

  /** Rounds failed in a row: the first is logged as a warning, then one in {@link #REPEAT}. */
  private int failures;

  /** How many failed rounds in a row are logged once (a minute at the default period). */
  static final int REPEAT = 60;

  /** {@code round} records the pauses made through Quartz since the last round. */
  QuartzClientWatch(String nodeId, Supplier<List<PauseChange>> round) {
    this.nodeId = nodeId;
    this.round = round;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-quartz-watch-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs a first round now, then one every {@code every} until {@code scheduler} shuts down. */
  static void start(String nodeId, JobService jobs, Scheduler scheduler, Duration every)
      throws SchedulerException {
    QuartzClientWatch watch =
        new QuartzClientWatch(
            Objects.requireNonNull(nodeId, "nodeId"),
            Objects.requireNonNull(jobs, "jobs")::recogniseQuartzPauses);
    scheduler.getListenerManager().addSchedulerListener(watch);
    watch.step();
    watch.loop.scheduleWithFixedDelay(
        watch::step, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One round; never throws. A failed round is logged and the next one tries again: the first
   * failure of a run of them as a warning, then one line per {@link #REPEAT} (a store outage would
   * otherwise log every second), and the recovery once.
   */
  void step() {
    try {
      List<PauseChange> changes = round.get();
      if (failures > 0) {
        LOG.info(
            "[{}] recording the pauses made through Quartz works again after {} failed round(s)",
            nodeId,
            failures);
        failures = 0;
      }
      for (PauseChange change : changes) {
        LOG.info(
            "[{}] {} was {} through a Quartz client; recorded as by quartz",
            nodeId,
            change.jobId(),
            change.paused() ? "paused" : "resumed");
      }
    } catch (RuntimeException e) {
      failures++;
      if (failures == 1) {
        LOG.warn(
            "[{}] could not record the pauses made through Quartz, will retry: {}",
            nodeId,
            e.getMessage());
      } else if (failures % REPEAT == 0) {
        LOG.warn(
            "[{}] still cannot record the pauses made through Quartz ({} rounds in a row): {}",
            nodeId,
            failures,
            e.getMessage());
      }
    }
  }

  @Override
  public void schedulerShuttingdown() {
    loop.shutdownNow();
  }
}
