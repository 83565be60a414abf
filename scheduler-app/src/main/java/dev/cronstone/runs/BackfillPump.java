package dev.cronstone.runs;

import dev.cronstone.ledger.Backfills;
import dev.cronstone.model.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts queued backfill runs on this node (docs/runs.md, "Backfill"), and queued {@code after}
 * runs (those the end of an upstream job's run queued, docs/runs.md, "After another job") by the
 * same rule. Each {@link #step} reads the jobs with such a waiting run and, for each job that is
 * enabled and not paused, starts its lowest-numbered waiting runs while the job has free {@code
 * maxConcurrent} slots ({@link Backfills#start}, one transaction under the job's lock, so nodes
 * never overshoot), then runs each one's task on this pump's own threads through the driver's usual
 * execute-and-end path. At most {@code threads} backfill attempts run here at once; the other
 * nodes' pumps take the rest.
 */
public final class BackfillPump implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackfillPump.class);

  /** How often a node's pump looks for waiting backfill runs. */
  public static final Duration EVERY = Duration.ofSeconds(1);

  /** How long {@link #close} waits for the interrupted attempts to record their ends. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** How many backfill attempts a node runs at once, at most. */
  public static final int THREADS = 4;

  private final String owner;
  private final Backfills backfills;
  private final RunDriver driver;
  private final Function<String, Optional<JobSpec>> runnable;
  private final int threads;
  private final ExecutorService work;
  private final ScheduledExecutorService loop;
  private final AtomicInteger busy = new AtomicInteger();

  /**
   * @param runnable the spec of a job whose backfill runs may start now: empty when the job is
   *     gone, disabled or paused (its runs wait)
   * @param threads how many backfill attempts may run here at once
   */
  public BackfillPump(
      String owner,
      Backfills backfills,
      RunDriver driver,
      Function<String, Optional<JobSpec>> runnable,
      int threads) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.backfills = Objects.requireNonNull(backfills, "backfills");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.runnable = Objects.requireNonNull(runnable, "runnable");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.work = Executors.newFixedThreadPool(threads, named("cronstone-backfill"));
    this.loop = Executors.newSingleThreadScheduledExecutor(named("cronstone-backfill-pump"));
  }

  /**
   * Runs {@link #step} every {@code every} until {@link #close}, and at once whenever an end
   * recorded by this node's driver queues {@code after} runs (the poll stays for those queued by
   * other nodes' ends).
   */
  public BackfillPump start(Duration every) {
    driver.onAfterRunsQueued(this::wake);
    loop.scheduleWithFixedDelay(
        this::stepLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One pass, the loop's synchronous step: starts what the free slots and this pump's free threads
   * allow; returns the runs started (their tasks run on the pump's threads).
   */
  public synchronized List<Backfills.Started> step() {
    List<Backfills.Started> started = new ArrayList<>();
    for (String jobId : backfills.waitingJobs()) {
      int free = threads - busy.get();
      if (free <= 0) {
        break;
      }
      Optional<JobSpec> spec = runnable.apply(jobId);
      if (spec.isEmpty()) {
        continue; // gone, disabled or paused: its runs wait
      }
      int max = spec.get().limits().maxConcurrent();
      for (Backfills.Started run : backfills.start(jobId, max, free, owner)) {
        busy.incrementAndGet();
        started.add(run);
        work.execute(() -> execute(spec.get(), run));
      }
    }
    return started;
  }

  /** How many backfill attempts run here now. */
  public int busy() {
    return busy.get();
  }

  private void execute(JobSpec spec, Backfills.Started started) {
    try {
      driver.runBegun(spec, started.run(), started.attempt());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the node stops: the end is recorded (shutdown)
    } catch (RuntimeException e) {
      LOG.error(
          "[{}] backfill run {} failed to run here: {}", owner, started.run().id(), e.toString());
    } finally {
      busy.decrementAndGet();
      wake();
    }
  }

  /**
   * A run ended here and freed a slot and a thread, or an end recorded here queued {@code after}
   * runs: look again now rather than at the next tick, so a job with {@code maxConcurrent: 1} does
   * not wait up to {@link #EVERY} between its backfill runs, nor a downstream run after its
   * upstream run's end.
   */
  private void wake() {
    try {
      loop.execute(this::stepLogged);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void stepLogged() {
    try {
      step();
    } catch (RuntimeException e) {
      LOG.warn("[{}] backfill pump: {}", owner, e.toString());
    }
  }

  /** Stops starting runs; the attempts running here go on (a node's graceful stop). */
  public void stopStarting() {
    loop.shutdownNow();
  }

  /**
   * Stops starting runs, lets the attempts running on the pump's threads finish for up to {@code
   * grace}, then interrupts those still running (the driver records their ends: {@code cancelled},
   * reason {@code shutdown}) and waits up to {@link #STOP_WAIT} for those ends.
   */
  public void close(Duration grace) {
    loop.shutdownNow();
    work.shutdown();
    try {
      if (!work.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "[{}] {} backfill attempt(s) did not finish within {}; stopping them",
            owner,
            busy.get(),
            grace);
        work.shutdownNow();
        if (!work.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn(
              "[{}] backfill attempts still running {} after they were stopped", owner, STOP_WAIT);
        }
      }
    } catch (InterruptedException e) {
      work.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #close(Duration)} with no grace: the attempts running here are stopped at once. */
  @Override
  public void close() {
    close(Duration.ZERO);
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
