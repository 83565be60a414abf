package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

class CompletionsTest {
  private final List<List<String>> flushed = Collections.synchronizedList(new ArrayList<>());

  @Test
  void completions_that_arrive_during_a_flush_go_together_in_the_next_one() throws Exception {
    CountDownLatch firstFlushStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Completions completions =
        new Completions(
            "test",
            batch -> {
              firstFlushStarted.countDown();
              waitFor(release);
              flushed.add(batch.stream().map(c -> c.trigger().getFireInstanceId()).toList());
            });
    completions.start();

    assertThat(completions.offer(completion("a"))).isTrue();
    assertThat(firstFlushStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (String id : List.of("b", "c", "d")) {
      assertThat(completions.offer(completion(id))).isTrue();
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> flushed.size() == 2);

    assertThat(flushed).containsExactly(List.of("a"), List.of("b", "c", "d"));
    completions.stop();
  }

  @Test
  void stop_writes_every_completion_already_handed_over_and_refuses_later_ones() {
    Completions completions =
        new Completions(
            "test",
            batch ->
                flushed.add(batch.stream().map(c -> c.trigger().getFireInstanceId()).toList()));
    completions.start();
    for (int i = 0; i < 1_000; i++) {
      completions.offer(completion("f" + i));
    }

    completions.stop();

    assertThat(flushed.stream().mapToInt(List::size).sum()).isEqualTo(1_000);
    assertThat(flushed)
        .allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(Completions.MAX_BATCH));
    assertThat(completions.offer(completion("late"))).isFalse();
  }

  @Test
  void only_a_plain_completion_of_a_concurrent_job_is_a_fired_row_delete() {
    assertThat(completion("x").onlyFiredRow()).isTrue();
    assertThat(
            new Completions.Completion(
                    trigger("y"), job(), CompletedExecutionInstruction.DELETE_TRIGGER)
                .onlyFiredRow())
        .isFalse();
  }

  private static Completions.Completion completion(String fireInstanceId) {
    return new Completions.Completion(
        trigger(fireInstanceId), job(), CompletedExecutionInstruction.NOOP);
  }

  private static OperableTrigger trigger(String fireInstanceId) {
    OperableTrigger trigger =
        (OperableTrigger) TriggerBuilder.newTrigger().withIdentity(fireInstanceId).build();
    trigger.setFireInstanceId(fireInstanceId);
    return trigger;
  }

  private static JobDetail job() {
    return JobBuilder.newJob(RecordingJob.class).withIdentity("job").build();
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
