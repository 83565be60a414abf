package dev.cronstone.service;

import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.JobSpec;
import dev.cronstone.runs.FailurePause;
import dev.cronstone.store.QuartzNames;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * A job's {@code policy.pauseAfterFailures} on a node (docs/policies.md, "Pause after failures"):
 * once a run has ended, the job's newest N finished runs that ended since its last resume are read
 * from the ledger; when there are N and none succeeded, the job is paused as {@code jobs pause}
 * does, recorded as paused by {@value #WHO}. The pause itself is decided again under the sync lock
 * ({@link Pauses#byPolicy}), so it is made once however many nodes decide at the same time.
 */
public final class PolicyPauses implements FailurePause {
  /** Who a policy pause is recorded as made by ({@code cs_job.paused_by}). */
  public static final String WHO = "policy";

  private final Scheduler scheduler;
  private final DataSource dataSource;
  private final Clock clock;
  private final RunLedger ledger;

  private PolicyPauses(Scheduler scheduler, DataSource dataSource, Clock clock, RunLedger ledger) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  /** Over a node's scheduler, pool and ledger. */
  public static PolicyPauses onNode(
      Scheduler scheduler, DataSource dataSource, Clock clock, RunLedger ledger) {
    return new PolicyPauses(scheduler, dataSource, clock, ledger);
  }

  /**
   * Whether the newest-first statuses make a streak of {@code n} runs that did not succeed: there
   * are {@code n} of them and none succeeded.
   */
  static boolean streak(List<RunStatus> newestFirst, int n) {
    return n >= 1
        && newestFirst.size() >= n
        && newestFirst.stream().limit(n).noneMatch(s -> s == RunStatus.SUCCEEDED);
  }

  @Override
  public Optional<Integer> runEnded(JobSpec spec, Run run) {
    Optional<Integer> policy = spec.policy().pauseAfterFailures();
    if (policy.isEmpty() || run.status() == RunStatus.SUCCEEDED) {
      return Optional.empty();
    }
    int n = policy.get();
    String jobId = spec.id();
    try {
      JobTable table = new JobTable(dataSource, QuartzNames.SCHEDULER_NAME);
      Optional<JobRow> row = table.row(jobId);
      if (row.isEmpty() || row.get().pause().paused()) {
        return Optional.empty();
      }
      Optional<Instant> resumedAt = row.get().pause().resumedAt();
      List<RunStatus> last =
          ledger.lastFinished(jobId, n, resumedAt).stream().map(Run::status).toList();
      if (!streak(last, n)) {
        return Optional.empty();
      }
      boolean paused = new Pauses(scheduler, table, dataSource, clock).byPolicy(jobId, resumedAt);
      return paused ? Optional.of(n) : Optional.empty();
    } catch (SQLException | SchedulerException e) {
      throw new IllegalStateException(
          "could not pause '" + jobId + "' by policy: " + e.getMessage(), e);
    }
  }
}
