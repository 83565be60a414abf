package dev.cronstone.service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A test job that stays running until the test releases it (at most 30 s). */
public final class ParkedJob implements Job {
  private static volatile CountDownLatch release = new CountDownLatch(1);

  @Override
  public void execute(JobExecutionContext context) {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void reset() {
    release = new CountDownLatch(1);
  }

  static void releaseAll() {
    release.countDown();
  }
}
