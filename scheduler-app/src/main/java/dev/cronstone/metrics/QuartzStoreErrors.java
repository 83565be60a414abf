package dev.cronstone.metrics;

import org.quartz.JobPersistenceException;
import org.quartz.SchedulerException;
import org.quartz.listeners.SchedulerListenerSupport;

/**
 * Counts the job-store failures Quartz reports to its scheduler listeners (trigger acquisition,
 * firing, completion) as {@code cronstone_store_errors_total{source="quartz"}}.
 */
public final class QuartzStoreErrors extends SchedulerListenerSupport {
  @Override
  public void schedulerError(String msg, SchedulerException cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JobPersistenceException || t instanceof java.sql.SQLException) {
        StoreErrors.record(StoreErrors.Source.QUARTZ);
        return;
      }
    }
  }
}
