package dev.cronstone.ledger;

import java.time.Clock;

/**
 * What one attempt's task prints, on its way to the store through the node's {@link OutputFlusher}:
 * each text gets the attempt's next seq. Thread-safe (one reader thread per stream).
 */
public final class OutputLog {
  private final OutputFlusher flusher;
  private final RunId run;
  private final int attemptNo;
  private final Clock clock;
  private int seq;

  OutputLog(OutputFlusher flusher, RunId run, int attemptNo, Clock clock) {
    this.flusher = flusher;
    this.run = run;
    this.attemptNo = attemptNo;
    this.clock = clock;
  }

  /** Queues a text of {@code stream} ({@code stdout}, {@code stderr}); empty text is ignored. */
  public synchronized void append(String stream, String text) {
    if (text.isEmpty()) {
      return;
    }
    seq++;
    flusher.add(new OutputChunk(run, attemptNo, seq, stream, text, Jdbc.millis(clock.instant())));
  }

  /**
   * The task ended: what it printed is written before this returns (nothing to do when it printed
   * nothing), so that the attempt's output is complete when its end is recorded.
   */
  public void finish() {
    boolean wrote;
    synchronized (this) {
      wrote = seq > 0;
    }
    if (wrote) {
      flusher.flush();
    }
  }
}
