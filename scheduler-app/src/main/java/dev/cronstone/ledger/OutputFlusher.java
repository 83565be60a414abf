package dev.cronstone.ledger;

import dev.cronstone.error.CronstoneException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what tasks print to {@code cs_output}, for every attempt running on a node, in batches: a
 * chunk waits at most {@link #INTERVAL} (or until {@link #FLUSH_CHARS} are waiting), then every
 * waiting chunk goes in ONE transaction, one multi-row JDBC batch, with adjacent chunks of one
 * stream merged up to {@link #MAX_MERGED} characters. An attempt that prints nothing costs no
 * write. Its timer thread lives only while there is something to write (it stops after a few idle
 * seconds). A batch that fails is written again row by row, so that a chunk already there (an
 * ambiguous commit) or of a run pruned meanwhile loses only itself.
 */
public final class OutputFlusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFlusher.class);

  /** The most time a chunk waits before it is written. */
  public static final Duration INTERVAL = Duration.ofMillis(300);

  /** Characters waiting that make a flush start at once. */
  static final int FLUSH_CHARS = 256 * 1024;

  /** The longest merged chunk, in characters. */
  static final int MAX_MERGED = 16 * 1024;

  private final String owner;
  private final DataSource dataSource;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer;
  private final ReentrantLock flushing = new ReentrantLock();
  private List<OutputChunk> pending = new ArrayList<>();
  private long pendingChars;
  private boolean scheduled;

  OutputFlusher(String owner, DataSource dataSource, Clock clock) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "cronstone-output-flusher-" + owner);
              t.setDaemon(true);
              return t;
            });
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  /** The output log of an attempt that starts here. */
  public OutputLog open(RunId run, int attemptNo) {
    return new OutputLog(this, Objects.requireNonNull(run, "run"), attemptNo, clock);
  }

  void add(OutputChunk chunk) {
    boolean now = false;
    boolean later = false;
    synchronized (this) {
      pending.add(chunk);
      pendingChars += chunk.text().length();
      if (pendingChars >= FLUSH_CHARS) {
        now = true;
      } else if (!scheduled) {
        scheduled = true;
        later = true;
      }
    }
    try {
      if (now) {
        timer.execute(this::flushLogged);
      } else if (later) {
        timer.schedule(this::flushLogged, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      flushLogged(); // closed: written now, on the caller's thread
    }
  }

  /**
   * Writes every chunk waiting, in one transaction: the synchronous step of the timer. Returns how
   * many chunks (before merging) it wrote or tried to.
   */
  public int flush() {
    flushing.lock();
    try {
      List<OutputChunk> batch;
      synchronized (this) {
        batch = pending;
        pending = new ArrayList<>();
        pendingChars = 0;
        scheduled = false;
      }
      if (!batch.isEmpty()) {
        write(merged(batch));
      }
      return batch.size();
    } finally {
      flushing.unlock();
    }
  }

  /** Writes what waits, then stops the timer. */
  @Override
  public void close() {
    timer.shutdown();
    flushLogged();
  }

  private void flushLogged() {
    try {
      flush();
    } catch (Throwable t) { // never die silently
      LOG.error("[{}] output flush failed: {}", owner, t.toString(), t);
    }
  }

  private void write(List<OutputChunk> rows) {
    try {
      Jdbc.transaction(
          dataSource,
          "record " + rows.size() + " output chunk(s)",
          c -> {
            OutputRows.insert(c, rows);
            return null;
          });
    } catch (CronstoneException e) {
      LOG.warn(
          "[{}] writing {} output chunk(s) at once failed ({}); writing them one by one",
          owner,
          rows.size(),
          e.getMessage());
      int lost = 0;
      for (OutputChunk row : rows) {
        try {
          Jdbc.autoCommit(
              dataSource,
              "record output chunk " + row.seq() + " of " + row.run(),
              c -> {
                OutputRows.insert(c, List.of(row));
                return null;
              });
        } catch (CronstoneException alone) {
          lost++;
        }
      }
      if (lost > 0) {
        LOG.warn("[{}] {} output chunk(s) not recorded", owner, lost);
      }
    }
  }

  /**
   * The chunks with each run of adjacent chunks (consecutive seq) of one attempt and stream merged
   * into the last one's seq, up to {@link #MAX_MERGED} characters: readers' offsets are the last
   * seq they have, so the gaps this leaves are harmless.
   */
  static List<OutputChunk> merged(List<OutputChunk> chunks) {
    List<OutputChunk> out = new ArrayList<>();
    Map<String, Integer> lastOf = new HashMap<>();
    for (OutputChunk c : chunks) {
      String attempt = c.run() + "/" + c.attemptNo();
      Integer at = lastOf.get(attempt);
      if (at != null) {
        OutputChunk p = out.get(at);
        if (p.stream().equals(c.stream())
            && p.seq() == c.seq() - 1
            && p.text().length() + c.text().length() <= MAX_MERGED) {
          out.set(
              at,
              new OutputChunk(
                  p.run(), p.attemptNo(), c.seq(), p.stream(), p.text() + c.text(), p.at()));
          continue;
        }
      }
      out.add(c);
      lastOf.put(attempt, out.size() - 1);
    }
    return out;
  }
}
