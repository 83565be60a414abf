package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.StoreFixture;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

class RunRequestWatchTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  private final AtomicLong now = new AtomicLong(1_900_000_000_000L);
  private final List<Long> signals = new ArrayList<>();
  private StoreFixture fixture;
  private Scheduler scheduler;
  private RunRequestWatch watch;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new StoreFixture(DB.database());
    scheduler = fixture.scheduler("watch-node", false);
    scheduler.addJob(
        JobBuilder.newJob(Noop.class)
            .withIdentity("job", StoreFixture.GROUP)
            .storeDurably()
            .build(),
        false);
    watch =
        new RunRequestWatch(
            () -> DB.database().dataSource().getConnection(),
            "QRTZ_",
            QuartzNames.SCHEDULER_NAME,
            1000,
            signals::add,
            now::get);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void a_due_run_request_wakes_the_scheduler_once_and_again_each_second_it_waits()
      throws Exception {
    assertThat(watch.poll()).isFalse();
    request("cronstone.runs", "job#1", now.get());

    assertThat(watch.poll()).isTrue();
    assertThat(watch.poll()).isFalse();
    now.addAndGet(RunRequestWatch.RESIGNAL_MILLIS);
    assertThat(watch.poll()).isTrue();
    assertThat(signals).hasSize(2);
  }

  @Test
  void a_retry_stored_by_another_node_wakes_it_too_but_not_before_it_is_nearly_due()
      throws Exception {
    request("cronstone.retries", "job#1/2", now.get() + 5_000);
    assertThat(watch.poll()).isFalse();

    now.addAndGet(4_500);
    assertThat(watch.poll()).isTrue();
  }

  @Test
  void schedule_triggers_and_acquired_requests_do_not_wake_it() throws Exception {
    request("cronstone", "job", now.get());
    request("cronstone.runs", "job#2", now.get());
    fixture.setState("job#2", "ACQUIRED");

    assertThat(watch.poll()).isFalse();
    assertThat(signals).isEmpty();
  }

  private void request(String group, String name, long due) throws Exception {
    scheduler.scheduleJob(
        TriggerBuilder.newTrigger()
            .withIdentity(name, group)
            .forJob("job", StoreFixture.GROUP)
            .startAt(new Date(due))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule())
            .build());
  }

  public static final class Noop implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }
}
