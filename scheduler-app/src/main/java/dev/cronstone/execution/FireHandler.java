package dev.cronstone.execution;

import dev.cronstone.model.JobSpec;
import dev.cronstone.store.MissedFires;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a node does with a fire of one of its jobs: opens or finds the run, and runs it. */
public interface FireHandler {
  /** Runs the fire on the calling (Quartz worker) thread; never throws for a task's failure. */
  void fired(JobSpec spec, FireRequest fire) throws InterruptedException;

  /**
   * Runs the fire's task on the calling thread and returns when it is done, with a stage that
   * completes once everything the fire writes is recorded; by default all of it is done before this
   * returns ({@link #fired}).
   */
  default CompletionStage<?> fire(JobSpec spec, FireRequest fire) throws InterruptedException {
    fired(spec, fire);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A fire that carries the fire times its trigger missed: the job's {@code schedule.misfire}
   * decides what each of them becomes. By default the latest missed fire runs, as a plain fire.
   */
  default void misfired(JobSpec spec, MissedFires missed, boolean recovering)
      throws InterruptedException {
    if (!missed.listed().isEmpty()) {
      fired(
          spec,
          new FireRequest(
              missed.listed().get(missed.listed().size() - 1), OptionalLong.empty(), recovering));
    }
  }
}
