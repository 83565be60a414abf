package dev.cronstone.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A test job that records the scheduled fire time of every execution. */
public final class RecordingJob implements Job {
  private static final Queue<Instant> FIRES = new ConcurrentLinkedQueue<>();
  private static final Queue<MissedFires> MISSED = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(JobExecutionContext context) {
    FIRES.add(context.getScheduledFireTime().toInstant());
    MissedFires.decode(context.getMergedJobDataMap().getString(JobData.MISSED_FIRES))
        .ifPresent(MISSED::add);
  }

  static void reset() {
    FIRES.clear();
    MISSED.clear();
  }

  /** The missed-fire lists the fires carried, in the order they came. */
  static List<MissedFires> missed() {
    return new ArrayList<>(MISSED);
  }

  /** The scheduled fire times recorded so far, oldest first. */
  static List<Instant> fires() {
    List<Instant> fires = new ArrayList<>(FIRES);
    fires.sort(null);
    return fires;
  }
}
