package dev.cronstone.cli;

import dev.cronstone.ledger.Run;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import dev.cronstone.service.RunService;
import dev.cronstone.view.EventView;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Prints a run's events, and follows them until the run ends (shared by run and tail). */
final class RunEvents {
  static final Duration POLL = Duration.ofMillis(200);
  static final int PAGE = 500;

  private final RunService runs;
  private final PrintWriter out;
  private final OutputFormat format;
  private long lastSeq;

  RunEvents(RunService runs, PrintWriter out, OutputFormat format) {
    this.runs = runs;
    this.out = out;
    this.format = format;
  }

  /** Prints the events written since the last call; returns how many. */
  int printNew(RunId id) {
    int printed = 0;
    List<RunEvent> page;
    do {
      page = runs.events(id, lastSeq, PAGE);
      for (RunEvent event : page) {
        print(event);
        lastSeq = event.seq();
        printed++;
      }
    } while (page.size() == PAGE);
    out.flush();
    return printed;
  }

  /**
   * Prints events as they come until the run ends or {@code deadline} passes; the run as it stood
   * last, which is still going when the deadline passed.
   */
  Run follow(RunId id, Optional<Instant> deadline, Clock clock) throws InterruptedException {
    while (true) {
      Run run = runs.run(id);
      printNew(id);
      if (run.status().terminal() && runs.run(id).status().terminal()) {
        printNew(id);
        return runs.run(id);
      }
      if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
        return run;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private void print(RunEvent e) {
    if (format == OutputFormat.JSON) {
      out.println(Json.line(EventView.of(e)));
    } else {
      out.println(line(e));
    }
  }

  /** The widest event type the ledger writes ({@code attempt.superseded}): the column's width. */
  static final int TYPE_WIDTH = 18;

  /** Instants with milliseconds always, so that every line's columns start at the same place. */
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * One event as a text line in aligned columns: at, run, attempt, type, message. Events stream
   * (with {@code --follow}), so the columns have fixed widths rather than the widest value's.
   */
  static String line(RunEvent e) {
    String attempt = e.attemptNo() == 0 ? "run" : "attempt " + e.attemptNo();
    return AT.format(e.at())
        + "  "
        + e.run()
        + "  "
        + pad(attempt, "attempt 10".length())
        + "  "
        + pad(e.type(), TYPE_WIDTH)
        + "  "
        + e.message();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
