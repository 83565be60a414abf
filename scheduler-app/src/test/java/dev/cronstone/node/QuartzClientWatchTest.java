package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cronstone.service.PauseChange;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A store outage is logged once, then once a minute, and its end once; never every second. */
class QuartzClientWatchTest {
  @Test
  void a_run_of_failed_rounds_logs_a_warning_then_one_per_minute_and_the_recovery_once() {
    Logger logger = (Logger) LoggerFactory.getLogger(QuartzClientWatch.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      AtomicInteger calls = new AtomicInteger();
      QuartzClientWatch watch =
          new QuartzClientWatch(
              "node-a",
              () -> {
                if (calls.incrementAndGet() <= 130) {
                  throw new IllegalStateException("store unavailable");
                }
                return List.<PauseChange>of();
              });
      for (int i = 0; i < 135; i++) {
        watch.step();
      }
      List<ILoggingEvent> warnings =
          logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).hasSize(3); // round 1, 60 and 120
      assertThat(warnings.get(2).getFormattedMessage()).contains("120 rounds in a row");
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.INFO)
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("after 130 failed round"));
    } finally {
      logger.detachAppender(logs);
    }
  }
}
