package dev.cronstone.execution;

import dev.cronstone.model.JobSpec;
import dev.cronstone.store.EndGate;
import dev.cronstone.store.JobData;
import dev.cronstone.store.MissedFires;
import dev.cronstone.store.QuartzNames;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node runs for a fire of a Cronstone job (whose stored job class is {@link CronstoneJob},
 * from the {@code cronstone-quartz} artifact): on the Quartz worker thread, reads the spec held in
 * its job data and hands the fire to the node's {@link FireHandler}, which records it in the run
 * ledger and runs the task. Built by {@link CronstoneJobFactory} with the node's services.
 */
final class NodeJob extends CronstoneJob {
  private static final Logger LOG = LoggerFactory.getLogger(NodeJob.class);

  private final String nodeId;
  private final SpecCache specs;
  private final FireHandler handler;

  NodeJob(String nodeId, SpecCache specs, FireHandler handler) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.specs = Objects.requireNonNull(specs, "specs");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String jobId = data.getString(JobData.JOB_ID);
    JobSpec spec;
    try {
      spec = specs.get(jobId, data.getString(JobData.SPEC_HASH), data.getString(JobData.SPEC_JSON));
    } catch (RuntimeException e) {
      LOG.error("[{}] {} cannot run: {}", nodeId, jobId, e.getMessage());
      throw new JobExecutionException(e.getMessage(), e, false);
    }
    Instant intended = context.getScheduledFireTime().toInstant();
    OptionalLong runNo =
        data.containsKey(JobData.RUN_NO)
            ? OptionalLong.of(Long.parseLong(data.getString(JobData.RUN_NO)))
            : OptionalLong.empty();
    Optional<MissedFires> missed =
        runNo.isPresent()
            ? Optional.empty()
            : MissedFires.decode(data.getString(JobData.MISSED_FIRES))
                .filter(m -> m.firedAt().equals(intended));
    try {
      if (missed.isPresent()) {
        handler.misfired(spec, missed.get(), context.isRecovering());
      } else {
        FireRequest request =
            runNo.isEmpty() && QuartzNames.requestedThroughQuartz(context.getTrigger())
                ? FireRequest.throughQuartz(intended, context.isRecovering())
                : new FireRequest(intended, runNo, context.isRecovering());
        CompletionStage<?> recorded = handler.fire(spec, request);
        recorded.whenComplete(
            (done, e) -> {
              if (e != null) {
                LOG.error(
                    "[{}] {} fire {}: its end was not recorded: {}",
                    nodeId,
                    jobId,
                    intended,
                    e.toString(),
                    e);
              }
            });
        EndGate.hold(context.getFireInstanceId(), recorded);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("[{}] {} fire {} interrupted", nodeId, jobId, intended);
    } catch (RuntimeException e) {
      LOG.error(
          "[{}] {} fire {} failed in Cronstone: {}", nodeId, jobId, intended, e.toString(), e);
      throw new JobExecutionException(e, false);
    }
  }
}
