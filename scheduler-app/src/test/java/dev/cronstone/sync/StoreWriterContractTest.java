package dev.cronstone.sync;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.execution.CronstoneJob;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.service.JobService;
import dev.cronstone.service.JobSummary;
import dev.cronstone.service.JobView;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The set-based writer of sync writes exactly the rows Quartz's own API writes, and Quartz reads
 * them back and fires them. Run once per database through small subclasses.
 */
abstract class StoreWriterContractTest {
  @TempDir Path tmp;
  Path dir;
  MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  Scheduler scheduler;

  /** The subclass's {@code @RegisterExtension} database. */
  protected abstract DatabaseExtension db();

  TestDatabase database() {
    return db().database();
  }

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(tmp.resolve("jobs"));
    scheduler =
        QuartzSchedulers.create(
            SyncFixture.config(database(), dir, true), "writer-test", database().dataSource());
  }

  @AfterEach
  void tearDown() throws Exception {
    scheduler.shutdown(false);
  }

  SyncResult sync(boolean force) throws Exception {
    return new SpecSync(scheduler, database().dataSource(), clock)
        .run(dir, new SyncOptions(false, force, true, "tester"));
  }

  void specs() throws Exception {
    write(
        dir,
        "nightly.yaml",
        """
        id: nightly
        description: "Build   the\\n nightly report"
        recover: false
        schedule: { cron: ["30 2 * * *", "0 */6 * * 1-5"], timezone: Europe/Berlin, misfire: skip }
        task: { type: builtin, name: noop }
        """);
    write(dir, "by-hand.yaml", "id: by-hand\ntask: { type: builtin, name: noop }\n");
    write(
        dir,
        "dormant.yaml",
        """
        id: dormant
        enabled: false
        schedule: { cron: "0 * * * *", timezone: UTC }
        task: { type: builtin, name: noop }
        """);
    scheduled(dir, "hourly", "0 * * * *", "Asia/Kolkata");
  }

  @Test
  void the_rows_written_are_the_rows_quartz_itself_writes_for_the_same_jobs() throws Exception {
    specs();
    assertThat(sync(false).failures()).isEmpty();
    Map<String, List<Map<String, String>>> bulk = quartzRows();

    List<JobSpec> parsed =
        new SpecLoader(clock)
            .loadAll(List.of(dir)).files().stream().map(f -> f.spec().orElseThrow()).toList();
    for (JobSpec spec : parsed) {
      scheduler.deleteJob(QuartzNames.jobKey(spec.id()));
      SpecTranslator.Translation translation = SpecTranslator.translate(spec, clock.instant());
      JobDetail job = jobDetail(translation.job());
      if (translation.trigger().isPresent()) {
        scheduler.scheduleJob(job, translation.trigger().get());
      } else {
        scheduler.addJob(job, false);
      }
    }

    assertThat(bulk.get("triggers")).hasSize(2);
    assertThat(bulk).isEqualTo(quartzRows());
  }

  @Test
  void a_node_fires_a_synced_job_and_list_and_show_see_it() throws Exception {
    write(
        dir,
        "every-second.yaml",
        """
        id: every-second
        schedule: { cron: "* * * ? * *", timezone: UTC }
        task: { type: builtin, name: noop }
        """);
    assertThat(sync(false).failures()).isEmpty();
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    scheduler.setJobFactory(
        (bundle, s) -> {
          assertThat(bundle.getJobDetail().getJobClass()).isEqualTo(CronstoneJob.class);
          String id = bundle.getJobDetail().getJobDataMap().getString("jobId");
          return context -> fired.add(id);
        });
    scheduler.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> !fired.isEmpty());
    assertThat(fired).contains("every-second");
    try (JobService service =
        JobService.onNode(
            SyncFixture.config(database(), dir, true), scheduler, database().dataSource(), clock)) {
      List<JobSummary> jobs = service.list(JobService.DEFAULT_LIMIT, Optional.empty()).jobs();
      assertThat(jobs).extracting(JobSummary::id).containsExactly("every-second");
      assertThat(jobs.get(0).nextFire()).isPresent();
      JobView view = service.show("every-second");
      assertThat(view.inQuartz()).isTrue();
      assertThat(view.triggers()).hasSize(1);
    }
  }

  @Test
  void a_paused_trigger_group_pauses_the_new_triggers_as_quartz_would() throws Exception {
    scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals(QuartzNames.JOB_GROUP));
    specs();

    sync(false);

    assertThat(scheduler.getTriggerState(QuartzNames.scheduleTriggerKey("hourly")))
        .isEqualTo(Trigger.TriggerState.PAUSED);
  }

  @Test
  void removing_a_job_removes_every_trigger_it_has() throws Exception {
    specs();
    sync(false);
    TriggerKey run = TriggerKey.triggerKey("hourly-run", QuartzNames.RUNS_GROUP);
    scheduler.scheduleJob(
        TriggerBuilder.newTrigger()
            .withIdentity(run)
            .forJob(QuartzNames.jobKey("hourly"))
            .startAt(java.util.Date.from(clock.instant().plus(Duration.ofHours(1))))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule())
            .build());
    Files.delete(dir.resolve("hourly.yaml"));

    SyncResult result = sync(false);

    assertThat(result.plan().removed()).containsExactly("hourly");
    assertThat(scheduler.checkExists(QuartzNames.jobKey("hourly"))).isFalse();
    assertThat(scheduler.checkExists(run)).isFalse();
    assertThat(scheduler.checkExists(QuartzNames.scheduleTriggerKey("hourly"))).isFalse();
    assertThat(rows(database(), "SELECT * FROM QRTZ_SIMPLE_TRIGGERS")).isEmpty();
    assertThat(rows(database(), "SELECT job_id FROM cs_job WHERE job_id = 'hourly'")).isEmpty();
  }

  private static JobDetail jobDetail(QuartzJob job) {
    JobBuilder builder =
        JobBuilder.newJob(CronstoneJob.class)
            .withIdentity(QuartzNames.jobKey(job.id()))
            .storeDurably(true)
            .requestRecovery(job.requestsRecovery());
    job.data().forEach(builder::usingJobData);
    job.description().ifPresent(builder::withDescription);
    return builder.build();
  }

  /** Quartz's rows of jobs and triggers, job data decoded (its bytes carry the time written). */
  private Map<String, List<Map<String, String>>> quartzRows() throws Exception {
    Map<String, List<Map<String, String>>> all = new TreeMap<>();
    all.put("jobs", decoded(rows(database(), "SELECT * FROM QRTZ_JOB_DETAILS ORDER BY JOB_NAME")));
    all.put(
        "triggers", decoded(rows(database(), "SELECT * FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME")));
    all.put(
        "simprop", rows(database(), "SELECT * FROM QRTZ_SIMPROP_TRIGGERS ORDER BY TRIGGER_NAME"));
    all.put("paused", rows(database(), "SELECT * FROM QRTZ_PAUSED_TRIGGER_GRPS"));
    return all;
  }

  private static List<Map<String, String>> decoded(List<Map<String, String>> rows)
      throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Map<String, String> copy = new TreeMap<>(row);
      Properties data = new Properties();
      data.load(new ByteArrayInputStream(HexFormat.of().parseHex(row.get("job_data"))));
      copy.put("job_data", new TreeMap<>(data).toString());
      out.add(copy);
    }
    return out;
  }
}
