package dev.cronstone.runs;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.execution.FireHandler;
import dev.cronstone.execution.FireRequest;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.model.JobSpec;
import dev.cronstone.store.MissedFires;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link MisfirePlan} on the node whose fire delivered the missed fire times, on that
 * fire's worker thread: records the skipped runs, opens the run of the latest missed fire ({@code
 * fire_once_now}) or every catch-up run ({@code queued}, so the ledger accounts for them at once),
 * then runs them one after another, oldest first, through the driver's ordinary fire path (a fire
 * naming its run, as for a manual run), so the job's other policies apply to them. The ledger's
 * uniqueness on (job, intended fire) is the guard: an instant the ledger already holds is neither
 * recorded nor run again (except as a recovery of its still-open run when Quartz recovers this
 * fire).
 */
final class Misfires {
  private static final Logger LOG = LoggerFactory.getLogger(Misfires.class);

  private final String owner;
  private final RunLedger ledger;
  private final FireHandler driver;
  private final RunMetrics metrics;

  Misfires(String owner, RunLedger ledger, FireHandler driver, RunMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.driver = Objects.requireNonNull(driver, "driver");
  }

  void handle(JobSpec spec, MissedFires missed, boolean recovering) throws InterruptedException {
    MisfirePlan plan = MisfirePlan.of(spec.schedule(), missed);
    LOG.info(
        "[{}] {} missed {} fire time(s) from {} (found at {}): {} skipped, {} replayed, {} run now, {} dropped",
        owner,
        spec.id(),
        missed.total(),
        missed.firstMissed(),
        missed.firedAt(),
        plan.skips().size(),
        plan.replays().size(),
        plan.runNow().isPresent() ? 1 : 0,
        plan.dropped());
    count(spec.id(), plan);
    Optional<Run> first = Optional.empty();
    for (MisfirePlan.Skip skip : plan.skips()) {
      Optional<Run> recorded = recordSkip(spec.id(), skip, missed);
      first = first.isPresent() ? first : recorded;
    }
    List<Run> replays = new ArrayList<>();
    for (Instant at : plan.replays()) {
      openLate(
              spec.id(),
              RunKind.CATCH_UP,
              at,
              recovering,
              missed,
              "catch_up: a missed fire time replayed")
          .ifPresent(replays::add);
    }
    first = first.isPresent() ? first : replays.stream().findFirst();
    if (plan.dropped() > 0) {
      noteDropped(spec.id(), first, missed, plan);
    }
    if (plan.runNow().isPresent()) {
      Optional<Run> now =
          openLate(
              spec.id(),
              RunKind.SCHEDULED,
              plan.runNow().get(),
              recovering,
              missed,
              "fire_once_now: the latest missed fire time runs now");
      now.ifPresent(run -> replays.add(0, run));
    }
    replay(spec, replays, recovering);
  }

  private void count(String jobId, MisfirePlan plan) {
    metrics.misfires(jobId, "skip", plan.skips().size());
    metrics.misfires(jobId, "catch_up", plan.replays().size());
    metrics.misfires(jobId, "fire_once_now", plan.runNow().isPresent() ? 1 : 0);
    metrics.misfires(jobId, "dropped", plan.dropped());
  }

  private Optional<Run> recordSkip(String jobId, MisfirePlan.Skip skip, MissedFires missed) {
    Optional<Run> opened = ledger.openScheduled(jobId, RunKind.SCHEDULED, skip.at(), owner);
    Optional<Run> skipped =
        opened.map(
            run ->
                ledger.skip(
                    run.id(),
                    ErrorCode.JOB_SKIPPED_MISFIRE,
                    "fire time "
                        + skip.at()
                        + " was missed (the trigger fired at "
                        + missed.firedAt()
                        + ", past the misfire threshold); "
                        + skip.reason()));
    skipped.ifPresent(run -> metrics.runSkipped(jobId, "misfire"));
    return skipped;
  }

  /**
   * The queued run of a missed instant that runs late, with an event saying why; a run already open
   * for it only when Quartz recovers this fire (its node died while running them).
   */
  private Optional<Run> openLate(
      String jobId, RunKind kind, Instant at, boolean recovering, MissedFires missed, String why) {
    Optional<Run> opened = ledger.openScheduled(jobId, kind, at, owner);
    opened.ifPresent(
        run ->
            ledger.event(
                run.id(),
                0,
                "misfire.late",
                why
                    + " (fire time "
                    + at
                    + " missed; the trigger fired at "
                    + missed.firedAt()
                    + ")",
                Map.of(
                    "firedAt",
                    missed.firedAt().toString(),
                    "missed",
                    Long.toString(missed.total()))));
    if (opened.isPresent() || !recovering) {
      return opened;
    }
    return ledger
        .byIntendedFire(jobId, at)
        .filter(r -> !r.status().terminal() || r.status() == RunStatus.ABANDONED);
  }

  private void replay(JobSpec spec, List<Run> replays, boolean recovering)
      throws InterruptedException {
    for (int i = 0; i < replays.size(); i++) {
      Run run = replays.get(i);
      try {
        driver.fired(
            spec,
            new FireRequest(run.intendedFire(), OptionalLong.of(run.id().runNo()), recovering));
      } catch (InterruptedException e) {
        skipRest(replays.subList(i + 1, replays.size()));
        throw e;
      }
      if (Thread.currentThread().isInterrupted()) {
        skipRest(replays.subList(i + 1, replays.size()));
        return;
      }
    }
  }

  /**
   * The node stops: catch-up runs not started yet end skipped, so none stays queued with no one to
   * run it.
   */
  private void skipRest(List<Run> rest) {
    for (Run run : rest) {
      try {
        ledger.skip(
            run.id(),
            ErrorCode.JOB_SKIPPED_MISFIRE,
            "catch-up of fire time "
                + run.intendedFire()
                + " not started: node "
                + owner
                + " stopped before its turn");
        metrics.runSkipped(run.id().jobId(), "misfire");
      } catch (RuntimeException e) {
        LOG.warn(
            "[{}] {}: could not record its catch-up as skipped: {}",
            owner,
            run.id(),
            e.getMessage());
      }
    }
  }

  private void noteDropped(String jobId, Optional<Run> on, MissedFires missed, MisfirePlan plan) {
    String message =
        (missed.exact() ? "" : "at least ")
            + plan.dropped()
            + " older missed fire time(s) from "
            + missed.firstMissed()
            + " are neither run nor recorded (at most "
            + MisfirePlan.MAX_SKIPS_RECORDED
            + " skips are recorded per misfire)";
    LOG.warn("[{}] {}: {}", owner, jobId, message);
    on.ifPresent(
        run ->
            ledger.event(
                run.id(),
                0,
                "misfire.dropped",
                message,
                Map.of(
                    "dropped",
                    Long.toString(plan.dropped()),
                    "exact",
                    Boolean.toString(missed.exact()),
                    "from",
                    missed.firstMissed().toString())));
  }
}
