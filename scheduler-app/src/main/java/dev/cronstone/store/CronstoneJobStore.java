package dev.cronstone.store;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's {@link JobStoreTX} with the failure detector's grace configurable ({@code
 * cluster.failureGrace}) instead of Quartz's fixed 7,500 ms: a peer is dead once {@code lastCheckin
 * + max(its checkinInterval, this node's own check-in lag) + grace} has passed. The lag term stays
 * Quartz's: an observer that was itself paused does not declare its peers dead for its own delay.
 * Quartz builds it from {@code org.quartz.jobStore.class} and sets {@code
 * org.quartz.jobStore.failureGraceMillis} through {@link #setFailureGraceMillis}.
 */
public final class CronstoneJobStore extends JobStoreTX {
  /** Quartz's own grace, used when nothing is set. */
  static final long QUARTZ_GRACE_MILLIS = 7_500;

  private long failureGraceMillis = QUARTZ_GRACE_MILLIS;

  public void setFailureGraceMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("failureGraceMillis must not be negative, got " + millis);
    }
    this.failureGraceMillis = millis;
  }

  public long getFailureGraceMillis() {
    return failureGraceMillis;
  }

  @Override
  protected long calcFailedIfAfter(SchedulerStateRecord rec) {
    return failedIfAfter(
        rec.getCheckinTimestamp(),
        rec.getCheckinInterval(),
        System.currentTimeMillis() - lastCheckin,
        failureGraceMillis);
  }

  /**
   * The instant (epoch millis) after which a node that checked in at {@code lastCheckin} is dead.
   */
  static long failedIfAfter(long lastCheckin, long checkinInterval, long observerLag, long grace) {
    return lastCheckin + Math.max(checkinInterval, observerLag) + grace;
  }
}
