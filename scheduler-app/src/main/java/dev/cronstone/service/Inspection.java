package dev.cronstone.service;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** What {@link StoreInspector} reads: one record per kind of row, ready for a table or JSON. */
public final class Inspection {
  private Inspection() {}

  /**
   * A cluster member: Quartz's check-in ({@code QRTZ_SCHEDULER_STATE}) merged with Cronstone's
   * registry ({@code cs_node}). Fields a source did not provide are null.
   *
   * @param tzdbMismatch alive, and another live node runs with other time-zone rules
   */
  public record Node(
      String nodeId,
      boolean alive,
      NodeState state,
      Boolean clustered,
      String host,
      Long pid,
      String tzdbVersion,
      boolean tzdbMismatch,
      String cronstoneVersion,
      Instant startedAt,
      Instant lastSeen,
      Instant quartzCheckin,
      Long checkinIntervalMillis,
      Instant aliveUntil,
      Instant stoppedAt,
      boolean inRegistry,
      boolean inQuartz) {
    public Node {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * A node's state at the time it was read: {@code alive}; {@code stopped}: not alive, and its last
   * word was a clean stop; {@code dead}: no longer seen, without a clean stop (crashed, killed, cut
   * off).
   */
  public enum NodeState {
    ALIVE,
    STOPPED,
    DEAD;

    /** Its name in JSON and in the CLI: {@code alive}, {@code stopped}, {@code dead}. */
    @JsonValue
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A trigger of {@code QRTZ_TRIGGERS}. {@code expressions} and {@code timezone} come from {@code
   * QRTZ_SIMPROP_TRIGGERS} for Cronstone's {@code CS_CRON} type (from {@code QRTZ_CRON_TRIGGERS}
   * for Quartz cron triggers); {@code misfirePolicy} names the code for {@code CS_CRON}.
   */
  public record Trigger(
      String group,
      String name,
      String jobGroup,
      String jobName,
      String type,
      String state,
      Instant nextFireTime,
      Instant previousFireTime,
      int priority,
      int misfireInstruction,
      String misfirePolicy,
      List<String> expressions,
      String timezone) {
    public Trigger {
      Objects.requireNonNull(name, "name");
      expressions = expressions == null ? List.of() : List.copyOf(expressions);
    }
  }

  /** A row of {@code QRTZ_FIRED_TRIGGERS}: a trigger a node has acquired or is executing. */
  public record Fired(
      String entryId,
      String triggerGroup,
      String triggerName,
      String jobGroup,
      String jobName,
      String instance,
      boolean instanceAlive,
      Instant firedAt,
      Instant scheduledAt,
      String state,
      boolean nonConcurrent,
      boolean requestsRecovery) {
    public Fired {
      Objects.requireNonNull(entryId, "entryId");
    }
  }

  /**
   * {@code QRTZ_LOCKS} and, on PostgreSQL, the sessions whose open transaction holds row locks in
   * it (PostgreSQL keeps row locks in the rows themselves, so which row each session holds is not
   * visible; Quartz only ever locks these rows with {@code SELECT ... FOR UPDATE}).
   */
  public record Locks(List<Lock> locks, boolean holdersKnown, List<LockHolder> holders) {
    public Locks {
      locks = List.copyOf(locks);
      holders = List.copyOf(holders);
    }
  }

  public record Lock(String schedulerName, String lockName) {}

  /** A PostgreSQL session with an open transaction holding row locks of {@code QRTZ_LOCKS}. */
  public record LockHolder(
      int pid,
      String applicationName,
      String clientAddress,
      String state,
      Instant transactionStart,
      String waitEvent) {}

  /** Everything paused: Quartz's paused groups and triggers, and operators' pauses of jobs. */
  public record Paused(
      List<String> triggerGroups, List<PausedTrigger> triggers, List<PausedJob> jobs) {
    public Paused {
      triggerGroups = List.copyOf(triggerGroups);
      triggers = List.copyOf(triggers);
      jobs = List.copyOf(jobs);
    }
  }

  public record PausedTrigger(
      String group, String name, String jobGroup, String jobName, String state) {}

  /** A job an operator paused ({@code cs_job.paused}), who paused it and when. */
  public record PausedJob(String jobId, boolean enabled, String pausedBy, Instant pausedAt) {}
}
