package dev.cronstone.store;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerException;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's JDBC store ({@link FiringJobStore}: due triggers fired as they are acquired) with the
 * failure detector's grace configurable ({@code cluster.failureGrace}) instead of Quartz's fixed
 * 7,500 ms: a peer is dead once {@code lastCheckin + max(its checkinInterval, this node's own
 * check-in lag) + grace} has passed. The lag term stays Quartz's: an observer that was itself
 * paused does not declare its peers dead for its own delay. Quartz builds it from {@code
 * org.quartz.jobStore.class} and sets {@code org.quartz.jobStore.failureGraceMillis} through {@link
 * #setFailureGraceMillis}.
 *
 * <p>A started node also watches for run requests other processes store ({@link RunRequestWatch},
 * {@code org.quartz.jobStore.wakeupPollMillis}), so they do not wait for the idle wait.
 */
public final class CronstoneJobStore extends FiringJobStore {
  /** Quartz's own grace, used when nothing is set. */
  static final long QUARTZ_GRACE_MILLIS = 7_500;

  private long failureGraceMillis = QUARTZ_GRACE_MILLIS;
  private long wakeupPollMillis;
  private long wakeupLookAheadMillis = QuartzProperties.MIN_IDLE_WAIT_MILLIS;
  private RunRequestWatch watch;

  /**
   * How often the node looks for run requests other processes stored ({@link RunRequestWatch}); 0
   * (Quartz's behaviour) = never: they wait for the idle wait to pass.
   */
  public void setWakeupPollMillis(long millis) {
    this.wakeupPollMillis = Math.max(0, millis);
  }

  public long getWakeupPollMillis() {
    return wakeupPollMillis;
  }

  /** Run requests due within this much are signalled: the scheduler's idle wait. */
  public void setWakeupLookAheadMillis(long millis) {
    this.wakeupLookAheadMillis = Math.max(0, millis);
  }

  public long getWakeupLookAheadMillis() {
    return wakeupLookAheadMillis;
  }

  @Override
  public void schedulerStarted() throws SchedulerException {
    super.schedulerStarted();
    if (wakeupPollMillis > 0 && watch == null) {
      watch =
          new RunRequestWatch(
              () -> DBConnectionManager.getInstance().getConnection(getDataSource()),
              getTablePrefix(),
              getInstanceName(),
              wakeupLookAheadMillis,
              this::signalSchedulingChangeImmediately,
              System::currentTimeMillis);
      watch.start(wakeupPollMillis, getInstanceId());
    }
  }

  @Override
  public void shutdown() {
    if (watch != null) {
      watch.stop();
      watch = null;
    }
    super.shutdown();
  }

  public void setFailureGraceMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("failureGraceMillis must not be negative, got " + millis);
    }
    this.failureGraceMillis = millis;
  }

  public long getFailureGraceMillis() {
    return failureGraceMillis;
  }

  /**
   * This node's check-in lag as it was when the current check-in round began. Quartz looks for
   * failed peers twice per round (once, then again under the {@code STATE_ACCESS} lock when it
   * found some), and between the two it has already moved {@code lastCheckin} to now: the second
   * look would forget that this node was itself late, and declare dead every peer whose check-in
   * was held up by the same stall (a peer paused while holding a lock of the store, a database
   * outage). Found by the reliability suite (docs/reliability.md).
   */
  private volatile long roundLag;

  /**
   * When this node checked in again after a gap in its own check-ins (epoch millis). A peer whose
   * last check-in is older had, as far as this node can tell, no store to check in to: it is judged
   * dead only if it stays silent for its interval and the grace after this moment. Without this,
   * the round after the first one back judged peers by their pre-outage check-in, and a peer slower
   * to reconnect was taken for dead (false recoveries and duplicate executions after a store
   * crash).
   */
  private volatile long backAt = Long.MIN_VALUE;

  /** How long that gap was (millis): peers may need as long again to reconnect. */
  private volatile long gap;

  @Override
  protected List<SchedulerStateRecord> clusterCheckIn(Connection conn)
      throws JobPersistenceException {
    long now = System.currentTimeMillis();
    roundLag = now - lastCheckin;
    if (roundLag > 2 * getClusterCheckinInterval()) {
      gap = roundLag; // the first check-in after a gap (a store outage, a pause of this node)
      backAt = now;
    }
    return super.clusterCheckIn(conn);
  }

  /** Per peer: the check-in value last read and this node's monotonic millis when it changed. */
  private final Map<String, long[]> seen = new ConcurrentHashMap<>();

  @Override
  protected long calcFailedIfAfter(SchedulerStateRecord rec) {
    long now = System.currentTimeMillis();
    long checkin =
        observedCheckin(
            rec.getSchedulerInstanceId(),
            rec.getCheckinTimestamp(),
            rec.getCheckinInterval(),
            now,
            System.nanoTime() / 1_000_000);
    return afterGap(
        failedIfAfter(
            checkin,
            rec.getCheckinInterval(),
            Math.max(now - lastCheckin, roundLag),
            failureGraceMillis),
        checkin,
        backAt,
        gap,
        rec.getCheckinInterval(),
        failureGraceMillis);
  }

  /**
   * {@code failedIfAfter}, pushed to at least {@code backAt + gap + checkinInterval + grace} for a
   * peer whose last check-in is older than this node's return from a gap ({@link #backAt}): after a
   * store restart, connection pools take seconds to reconnect, some longer than others.
   */
  static long afterGap(
      long failedIfAfter,
      long peerCheckin,
      long backAt,
      long gap,
      long checkinInterval,
      long grace) {
    return peerCheckin < backAt
        ? Math.max(failedIfAfter, backAt + gap + checkinInterval + grace)
        : failedIfAfter;
  }

  /**
   * When the peer last checked in, in this node's clock. The peer writes its check-in time with its
   * own clock; when that time and the moment this node saw the value change (measured on this
   * node's monotonic clock) disagree by more than the check-in interval, the clocks are skewed and
   * this node's own observation is used: a node whose clock runs ahead would otherwise take every
   * peer for dead (a false recovery every check-in), one that runs behind would miss deaths. Found
   * by the reliability suite's clock-skew scenario (docs/reliability.md).
   */
  long observedCheckin(
      String peer, long peerCheckin, long checkinInterval, long now, long monotonicMillis) {
    long[] last =
        seen.compute(
            peer,
            (id, old) ->
                old == null || old[0] != peerCheckin
                    ? new long[] {peerCheckin, monotonicMillis}
                    : old);
    long observed = now - (monotonicMillis - last[1]);
    return Math.abs(observed - peerCheckin) <= checkinInterval + SKEW_TOLERANCE_MILLIS
        ? peerCheckin
        : observed;
  }

  /** Skew this small is left to the peer's own timestamps (the failure grace absorbs it). */
  static final long SKEW_TOLERANCE_MILLIS = 500;

  /**
   * The instant (epoch millis) after which a node that checked in at {@code lastCheckin} is dead.
   */
  static long failedIfAfter(long lastCheckin, long checkinInterval, long observerLag, long grace) {
    return lastCheckin + Math.max(checkinInterval, observerLag) + grace;
  }
}
