package dev.cronstone.runs;

import dev.cronstone.artifacts.ArtifactResult;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.execution.Outcome;
import dev.cronstone.ledger.Attempt;
import dev.cronstone.ledger.EndResult;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.metrics.RunMetrics;
import dev.cronstone.model.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an attempt: ONE ledger write ({@link RunLedger#end}, group-committed on a node), then,
 * from its result and without reading the ledger again, the retry trigger, the job's waiting run,
 * the metrics, and the run's artifacts (written off the attempt's path, on {@code artifactWork}).
 */
final class Completion {
  private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

  private final String owner;
  private final RunLedger ledger;
  private final Function<EndWrite, EndResult> ends;
  private final Function<EndWrite, CompletableFuture<EndResult>> endsLater;
  private final Executor afterEnd;
  private final ArtifactWriter artifacts;
  private final Executor artifactWork;
  private final RetryTrigger retries;
  private final SlotTrigger slots;
  private final Clock clock;
  private final RunMetrics metrics;
  private final FailurePause failurePause;
  private final Runnable afterRunsQueued;

  Completion(
      String owner,
      RunLedger ledger,
      RunDriver.Writes writes,
      ArtifactWriter artifacts,
      RetryTrigger retries,
      SlotTrigger slots,
      Clock clock,
      RunMetrics metrics,
      FailurePause failurePause,
      Runnable afterRunsQueued) {
    this.owner = owner;
    this.ledger = ledger;
    this.ends = writes.ends();
    this.endsLater = writes.endsLater();
    this.afterEnd = writes.afterEnd();
    this.artifacts = artifacts;
    this.artifactWork = writes.artifactWork();
    this.retries = retries;
    this.slots = slots;
    this.clock = clock;
    this.metrics = metrics;
    this.failurePause = failurePause;
    this.afterRunsQueued = afterRunsQueued;
  }

  /** Records the end of attempt {@code no}; returns the run as it ended, or waits for a retry. */
  Run complete(
      JobSpec spec, RunId id, int no, Outcome outcome, Redactor redactor, Optional<String> reason) {
    EndWrite write = write(spec, id, no, outcome, redactor, reason);
    return after(spec, write, endRetrying(write, ends), outcome, redactor);
  }

  /**
   * Records the end of attempt {@code no} without waiting: the write joins the next group commit,
   * and what follows it (retry trigger, waiting run, metrics, artifacts) runs on {@code afterEnd}
   * once it is committed. The result completes then, with the run as it ended or waits for a retry;
   * exceptionally when the end could not be recorded.
   */
  CompletableFuture<Run> completeLater(
      JobSpec spec, RunId id, int no, Outcome outcome, Redactor redactor) {
    EndWrite write = write(spec, id, no, outcome, redactor, Optional.empty());
    CompletableFuture<EndResult> submitted;
    try {
      submitted = endsLater.apply(write);
    } catch (RuntimeException e) { // the flusher is closed: this node stops
      submitted = CompletableFuture.failedFuture(e);
    }
    return submitted.handleAsync(
        (result, error) ->
            after(
                spec,
                write,
                // the group commit failed it: alone, in a transaction of its own, with retries
                error == null ? result : endRetrying(write, ledger::end),
                outcome,
                redactor),
        afterEnd);
  }

  private EndWrite write(
      JobSpec spec, RunId id, int no, Outcome outcome, Redactor redactor, Optional<String> reason) {
    return EndDecisions.write(
        spec.id(),
        spec.retry(),
        id,
        no,
        RunOutcomes.status(outcome.status()),
        outcome.exitCode(),
        redactor.redact(outcome.detail()),
        reason,
        clock.instant());
  }

  /** The end write, waited for, tried again while the store is unavailable. */
  private EndResult endRetrying(EndWrite write, Function<EndWrite, EndResult> ends) {
    return EndWrites.retrying(
        owner,
        "record the end of attempt "
            + write.attemptNo()
            + " of "
            + write.run()
            + " ("
            + write.outcome().code()
            + ")",
        () -> ends.apply(write));
  }

  /** What follows a recorded end, from its result. */
  private Run after(
      JobSpec spec, EndWrite write, EndResult result, Outcome outcome, Redactor redactor) {
    RunId id = write.run();
    int no = write.attemptNo();
    RunStatus status = write.outcome();
    String detail = write.detail();
    Attempt ended = result.attempt();
    metrics.attemptFinished(
        spec.id(),
        status.code(),
        Duration.between(ended.startedAt(), ended.endedAt().orElse(ended.startedAt())));
    if (result.retryAt().isPresent()) {
      result = retry(spec, result, write);
    }
    Run run = result.run();
    if (run.status().terminal() && !ended.superseded()) {
      metrics.runFinished(
          run.id().jobId(), run.status().code(), run.endedAt().orElseGet(clock::instant));
    }
    writeArtifacts(result, no, outcome, redactor);
    LOG.info(
        "[{}] {} {} ({} attempt {}): {}", owner, id, status.code(), run.kind().code(), no, detail);
    result.waitingRun().ifPresent(waiting -> startWaiting(spec.id(), waiting));
    if (!result.afterRuns().isEmpty()) {
      afterRunsQueued.run(); // the pump starts them now, not at its next poll
    }
    if (run.status().terminal() && run.status() != RunStatus.SUCCEEDED) {
      pauseAfterFailures(spec, run, no);
    }
    return run;
  }

  /**
   * The job's {@code policy.pauseAfterFailures}, once a run that did not succeed has ended: the
   * pause, its {@code job.paused} event on this run and its metric, once cluster-wide. A failure
   * here is logged and never changes the run's end; the next failed run's end decides again.
   */
  private void pauseAfterFailures(JobSpec spec, Run run, int no) {
    if (spec.policy().pauseAfterFailures().isEmpty()) {
      return;
    }
    try {
      Optional<Integer> paused = failurePause.runEnded(spec, run);
      if (paused.isEmpty()) {
        return;
      }
      int failures = paused.get();
      LOG.warn(
          "[{}] '{}' paused by policy after {} runs that did not succeed (the last {})",
          owner,
          spec.id(),
          failures,
          run.id());
      metrics.pausedByPolicy(spec.id());
      ledger.event(
          run.id(),
          no,
          "job.paused",
          "job paused by policy after " + failures + " consecutive runs that did not succeed",
          Map.of("failures", String.valueOf(failures), "pausedBy", "policy"));
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] could not apply the pauseAfterFailures policy of '{}' after {}: {}",
          owner,
          spec.id(),
          run.id(),
          e.getMessage());
    }
  }

  /** Stores the retry's trigger; a retry that cannot be stored ends the run now. */
  private EndResult retry(JobSpec spec, EndResult result, EndWrite write) {
    RunId id = write.run();
    int next = write.attemptNo() + 1;
    try {
      retries.schedule(id, next, result.retryAt().orElseThrow());
      metrics.retryScheduled(spec.id());
      return result;
    } catch (RuntimeException e) {
      LOG.error(
          "[{}] {}: could not schedule its retry, the run ends now: {}", owner, id, e.getMessage());
      ledger.event(
          id,
          write.attemptNo(),
          "retry.failed",
          "could not schedule attempt " + next + ": " + e.getMessage(),
          Map.of());
      String detail = write.detail() + " (its retry could not be scheduled)";
      Run ended =
          ledger.finish(
              id,
              write.outcome(),
              RunOutcomes.error(write.outcome(), spec.id(), id, detail),
              Optional.empty()); // writes its run.finished event in the same transaction
      // That end may have queued downstream runs (after:): the pump looks now, not at its poll.
      afterRunsQueued.run();
      return new EndResult(
          ended,
          result.attempt(),
          ledger.attempts(id),
          ledger.events(id, 0, RunLedger.MAX_PAGE),
          Optional.empty(),
          ledger.waitingToStart(spec.id(), spec.limits().maxConcurrent()),
          false,
          List.of());
    }
  }

  /** A run of the job ended: its slot is free, so the job's waiting run is fired. */
  void startWaiting(String jobId, RunId waiting) {
    try {
      LOG.info("[{}] a slot of '{}' freed: firing its waiting run {}", owner, jobId, waiting);
      slots.start(waiting);
    } catch (RuntimeException e) {
      LOG.warn("[{}] could not start the waiting run of '{}': {}", owner, jobId, e.getMessage());
    }
  }

  private void writeArtifacts(EndResult result, int no, Outcome outcome, Redactor redactor) {
    Optional<Outcome.Output> output =
        outcome.output().equals(Outcome.Output.NONE)
            ? Optional.empty()
            : Optional.of(outcome.output());
    Runnable write =
        () -> {
          ArtifactResult written =
              artifacts.write(result.run(), result.attempts(), result.events(), output, redactor);
          if (!written.ok()) {
            failed(result.run().id(), no, written.failure().orElse("unknown"));
          }
        };
    try {
      artifactWork.execute(write);
    } catch (RuntimeException e) { // rejected: the node stops; write them here
      write.run();
    }
  }

  private void failed(RunId id, int no, String failure) {
    LOG.warn("[{}] artifacts of {} not written: {}", owner, id, failure);
    try {
      ledger.event(id, no, "artifacts.failed", "artifacts not written: " + failure, Map.of());
    } catch (RuntimeException e) {
      LOG.warn("[{}] could not record the artifact failure of {}: {}", owner, id, e.getMessage());
    }
  }
}
