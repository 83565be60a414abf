package dev.cronstone.node;

import dev.cronstone.service.JobService;
import dev.cronstone.service.PauseChange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final JobService jobs;
  private final ScheduledExecutorService loop;

  private QuartzClientWatch(String nodeId, JobService jobs) {
    this.nodeId = nodeId;
    this.jobs = jobs;
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
            Objects.requireNonNull(nodeId, "nodeId"), Objects.requireNonNull(jobs, "jobs"));
    scheduler.getListenerManager().addSchedulerListener(watch);
    watch.step();
    watch.loop.scheduleWithFixedDelay(
        watch::step, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round; never throws (a failed round is logged, the next one tries again). */
  void step() {
    try {
      List<PauseChange> changes = jobs.recogniseQuartzPauses();
      for (PauseChange change : changes) {
        LOG.info(
            "[{}] {} was {} through a Quartz client; recorded as by quartz",
            nodeId,
            change.jobId(),
            change.paused() ? "paused" : "resumed");
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] could not record the pauses made through Quartz, will retry: {}",
          nodeId,
          e.getMessage());
    }
  }

  @Override
  public void schedulerShuttingdown() {
    loop.shutdownNow();
  }
}
