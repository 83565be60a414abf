package dev.cronstone.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of attempt ends: a thread takes the end writes waiting in the queue (up to {@link
 * #MAX_BATCH}) and makes them in one transaction. When any of them fails (refused, a lock race, the
 * store lost) the whole group is rolled back and each write is made again alone, in a transaction
 * of its own, so one failing write never loses another. (A savepoint around each write cost a round
 * trip per end, and on PostgreSQL more than 64 subtransactions in one transaction slow every
 * snapshot of the server.) A caller blocks in {@link #end} until its write is durable (or failed),
 * or takes the future of {@link #submit}: an attempt is reported done only once its end is
 * committed. Under load the batch grows by itself (the writes that queued while the previous batch
 * committed); when idle, a write is flushed at once, alone.
 */
public final class EndFlusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndFlusher.class);

  /** The most end writes one transaction makes. */
  public static final int MAX_BATCH = 200;

  private record Pending(EndWrite write, CompletableFuture<EndResult> done) {}

  /**
   * Flusher threads sharing the queue. One thread makes its batch's statements one round trip at a
   * time, so one alone bounds a node at about 100 ends a second (measured, docs/performance.md); a
   * few in parallel, each committing its own group, lift that bound while keeping each group large.
   */
  static final int THREADS = 4;

  private final String owner;
  private final DataSource dataSource;
  private final Clock clock;
  private final BegunEvents begunEvents;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  EndFlusher(String owner, DataSource dataSource, Clock clock, BegunEvents begunEvents) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.begunEvents = Objects.requireNonNull(begunEvents, "begunEvents");
    for (int i = 1; i <= THREADS; i++) {
      Thread thread = new Thread(this::loop, "cronstone-end-flusher-" + owner + "-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /**
   * Makes the end write in the next flush without waiting for it: the result completes once the
   * write is committed, or exceptionally with what {@link RunLedger#end} would throw.
   *
   * @throws IllegalStateException when the flusher is closed
   */
  public CompletableFuture<EndResult> submit(EndWrite write) {
    CompletableFuture<EndResult> done = new CompletableFuture<>();
    if (closed) {
      throw new IllegalStateException("the end flusher of '" + owner + "' is closed");
    }
    queue.add(new Pending(Objects.requireNonNull(write, "write"), done));
    return done;
  }

  /**
   * Makes the end write in the next flush and waits until it is committed; throws what {@link
   * RunLedger#end} would throw.
   */
  public EndResult end(EndWrite write) {
    try {
      return submit(write).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Flushes what is queued, then stops the threads. */
  @Override
  public void close() {
    closed = true;
    try {
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return; // closed and nothing left
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        flush(batch);
        batch.clear();
      } catch (InterruptedException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
        return;
      } catch (Throwable t) { // never die silently: fail the batch, go on
        LOG.error("[{}] end flush failed: {}", owner, t.toString(), t);
        batch.forEach(p -> p.done().completeExceptionally(t));
        batch.clear();
      }
    }
  }

  /** One flush: the synchronous step of the loop. */
  void flush(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (batch.size() == 1) {
      alone(batch.get(0));
      return;
    }
    batch.sort(Comparator.comparing((Pending p) -> p.write().run().toString()));
    List<Runnable> afterCommit = new ArrayList<>(batch.size());
    Instant now = Jdbc.millis(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Pending p : batch) {
          EndResult result = RunEnding.end(c, p.write(), now, begunEvents);
          afterCommit.add(() -> p.done().complete(result));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      // Rare (an end refused, a lock race, the store lost): every end of the group is made again
      // in a transaction of its own, where each succeeds or fails alone.
      LOG.info(
          "[{}] a group commit of {} end(s) was rolled back ({}); writing them one by one",
          owner,
          batch.size(),
          e.toString());
      batch.forEach(this::alone);
      return;
    }
    afterCommit.forEach(Runnable::run);
  }

  private void alone(Pending p) {
    try {
      EndWrite w = p.write();
      Instant now = Jdbc.millis(clock.instant());
      p.done()
          .complete(
              Jdbc.transaction(
                  dataSource,
                  "record the end of attempt " + w.attemptNo() + " of " + w.run(),
                  c -> RunEnding.end(c, w, now, begunEvents)));
    } catch (RuntimeException e) {
      p.done().completeExceptionally(e);
    }
  }
}
