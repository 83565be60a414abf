package dev.cronstone.execution;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The job class every Cronstone job names in {@code QRTZ_JOB_DETAILS.JOB_CLASS_NAME}. A Quartz
 * client that reads or operates a Cronstone store needs it on its classpath to load those rows (its
 * {@code triggerJob}, {@code getJobDetail}, {@code scheduleJob} of a trigger for such a job); it
 * never runs one. A Cronstone node runs each fire through its own subclass, which its job factory
 * builds with the node's services. This class alone refuses to run: a plain Quartz scheduler that
 * was started on the store (it must not be: docs/quartz-interop.md) fails the fire loudly instead
 * of pretending to have run the job.
 */
public class CronstoneJob implements Job {
  /** The message of the refusal. */
  static final String REFUSAL =
      "a Cronstone job runs only on a Cronstone node: this Quartz scheduler must not be started on"
          + " a Cronstone store (docs/quartz-interop.md)";

  public CronstoneJob() {}

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    throw new JobExecutionException(REFUSAL, false);
  }
}
