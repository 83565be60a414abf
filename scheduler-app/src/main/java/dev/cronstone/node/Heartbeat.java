package dev.cronstone.node;

import dev.cronstone.cluster.NodeRegistry;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.runs.RunDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's check-in loop in the node registry. A failed check-in is logged and retried on the
 * next tick; if another process has taken this node's id, the node stops taking fires. Attempts
 * whose owner has not heartbeaten for {@code staleAfter} ({@link
 * dev.cronstone.config.ClusterConfig#abandonAfter()}: the check-in interval plus the same failure
 * grace Quartz's detector uses here) are abandoned.
 */
final class Heartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private final String nodeId;
  private final NodeRegistry registry;
  private final RunLedger ledger;
  private final RunDriver driver;
  private final Scheduler scheduler;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final Duration staleAfter;
  private final Duration every;
  private final RunMetrics metrics;
  private final Duration forgetAfter;
  private Instant lastCheckin;

  /**
   * When this node checked in again after a gap in its own check-ins (a store outage, a pause);
   * null before any. Until the gap's length and {@code staleAfter} have passed since, it abandons
   * nobody: the others had no store to heartbeat to either, and some reconnect later than this
   * node.
   */
  private Instant backAt;

  /** How long that gap was: the others may need as long again to reconnect. */
  private Duration gap = Duration.ZERO;

  private Instant lastForget;

  /** How often the loop removes the nodes dead longer than {@code cluster.forgetAfter}. */
  static final Duration FORGET_EVERY = Duration.ofHours(1);

  private Heartbeat(
      String nodeId,
      NodeRegistry registry,
      RunLedger ledger,
      RunDriver driver,
      Scheduler scheduler,
      Clock clock,
      Duration every,
      Duration staleAfter,
      Duration forgetAfter,
      RunMetrics metrics) {
    this.metrics = metrics;
    this.forgetAfter = forgetAfter;
    this.nodeId = nodeId;
    this.registry = registry;
    this.ledger = ledger;
    this.driver = driver;
    this.staleAfter = staleAfter;
    this.every = every;
    this.scheduler = scheduler;
    this.clock = clock;
    this.lastCheckin = clock.instant();
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cronstone-heartbeat-" + nodeId);
              t.setDaemon(true);
              return t;
            });
  }

  static Heartbeat start(
      String nodeId,
      NodeRegistry registry,
      RunLedger ledger,
      RunDriver driver,
      Scheduler scheduler,
      Clock clock,
      Duration every,
      Duration staleAfter,
      Duration forgetAfter,
      RunMetrics metrics) {
    Heartbeat heartbeat =
        new Heartbeat(
            nodeId,
            registry,
            ledger,
            driver,
            scheduler,
            clock,
            every,
            staleAfter,
            forgetAfter,
            metrics);
    heartbeat.loop.scheduleWithFixedDelay(
        heartbeat::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  /**
   * How long an owner may go without a heartbeat before its attempts count as abandoned, as seen by
   * this node now. Like Quartz's failure rule ({@code max(checkinInterval, elapsed)}), it grows by
   * however late this node's own check-in is: after a database outage, or a pause of this node,
   * nobody could heartbeat, and the first check-in back must not abandon the others' live attempts.
   */
  static Duration abandonThreshold(
      Instant lastCheckin, Instant now, Duration every, Duration staleAfter) {
    Duration late = Duration.between(lastCheckin, now).minus(every);
    return late.isNegative() ? staleAfter : staleAfter.plus(late);
  }

  /**
   * Whether this beat may abandon others' attempts: not until the gap's length and {@code
   * staleAfter} have passed since this node came back from a gap in its own check-ins ({@code
   * backAt}, null when it had none): after a store restart, connection pools take seconds to
   * reconnect, some longer than others.
   */
  static boolean sweepDue(Instant backAt, Duration gap, Instant now, Duration staleAfter) {
    return backAt == null || !now.isBefore(backAt.plus(gap).plus(staleAfter));
  }

  /**
   * Whether the loop forgets dead nodes now: at its first beat, then every {@link #FORGET_EVERY}.
   */
  static boolean forgetDue(Instant lastForget, Instant now) {
    return lastForget == null || !now.isBefore(lastForget.plus(FORGET_EVERY));
  }

  /**
   * One check-in: the synchronous step of the loop. Never throws. Checks in this node, keeps its
   * running attempts alive in the ledger, stops those someone asked to cancel ({@code jobs
   * cancel}), abandons attempts whose owners (other nodes, killed {@code run --local} processes)
   * stopped heartbeating, and, once an hour, removes the nodes dead for longer than {@code
   * cluster.forgetAfter} from the node registry.
   */
  void beat() {
    try {
      Instant now = clock.instant();
      // The ledger first: its attempts must not look abandoned to the others while the registry's
      // check-in waits (on a lock a paused peer holds, say).
      ledger.heartbeat(nodeId, now);
      registry.heartbeat(now);
      Duration threshold = abandonThreshold(lastCheckin, now, every, staleAfter);
      if (Duration.between(lastCheckin, now).compareTo(every.multipliedBy(2)) > 0) {
        gap = Duration.between(lastCheckin, now); // the first check-in after a gap (an outage)
        backAt = now;
      }
      lastCheckin = now;
      driver.stopCancelled();
      if (sweepDue(backAt, gap, now, staleAfter)) {
        driver
            .abandonStale(now, threshold)
            .forEach(
                run -> {
                  metrics.runFinished(run.jobId(), "abandoned", now);
                  LOG.warn(
                      "[{}] {}: an attempt's owner stopped heartbeating; " + "attempt abandoned",
                      nodeId,
                      run);
                });
      }
      if (forgetDue(lastForget, now)) {
        lastForget = now;
        registry.forgetDead(forgetAfter, now);
      }
    } catch (CronstoneException e) {
      if (e.code() == ErrorCode.POLICY_DENIED) {
        LOG.error("[{}] {}; this node stops taking fires", nodeId, e.getMessage());
        standby();
      } else {
        LOG.warn("[{}] check-in failed, will retry: {}", nodeId, e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] check-in failed, will retry: {}", nodeId, e.toString());
    }
  }

  private void standby() {
    try {
      scheduler.standby();
    } catch (SchedulerException e) {
      LOG.error("[{}] cannot stop taking fires: {}", nodeId, e.getMessage());
    }
  }

  /** Stops the loop and records a clean stop in the registry. */
  void stop() {
    loop.shutdownNow();
    try {
      registry.deregister(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("[{}] could not record the stop in the node registry: {}", nodeId, e.getMessage());
    }
  }
}
