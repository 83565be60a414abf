package dev.cronstone.execution;

import java.time.Clock;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Gives Quartz a {@link NodeJob} (a {@link CronstoneJob}) wired with this node's fire handler for
 * every fire.
 */
public final class CronstoneJobFactory implements JobFactory {
  private final String nodeId;
  private final SpecCache specs;
  private final FireHandler handler;

  public CronstoneJobFactory(String nodeId, Clock clock, FireHandler handler) {
    this.nodeId = nodeId;
    this.specs = new SpecCache(clock);
    this.handler = handler;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type != CronstoneJob.class) {
      throw new SchedulerException(
          "not a Cronstone job: " + type.getName() + " (" + bundle.getJobDetail().getKey() + ")");
    }
    return new NodeJob(nodeId, specs, handler);
  }
}
