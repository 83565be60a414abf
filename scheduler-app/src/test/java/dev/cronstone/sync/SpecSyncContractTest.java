package dev.cronstone.sync;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.snapshot;
import static dev.cronstone.sync.SyncFixture.snapshotOf;
import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.NodeConfig;
import dev.cronstone.execution.CronstoneJob;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.service.JobService;
import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.JobData;
import dev.cronstone.store.MisfirePolicy;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;

/**
 * What sync must do on every store (H2, PostgreSQL); run through one small subclass per database.
 */
abstract class SpecSyncContractTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path tmp;
  Path dir;
  final MutableClock clock = new MutableClock(START);
  Scheduler scheduler;

  /** The subclass's {@code @RegisterExtension} database. */
  protected abstract DatabaseExtension db();

  TestDatabase database() {
    return db().database();
  }

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(tmp.resolve("jobs"));
    scheduler = QuartzSchedulers.create(config(true), "sync-test", database().dataSource());
  }

  @AfterEach
  void tearDown() throws Exception {
    scheduler.shutdown(false);
  }

  NodeConfig config(boolean removeMissing) {
    return SyncFixture.config(database(), dir, removeMissing);
  }

  SyncResult sync() throws Exception {
    return sync(false, true);
  }

  SyncResult sync(boolean force, boolean removeMissing) throws Exception {
    clock.advance(Duration.ofMinutes(1));
    return new SpecSync(scheduler, database().dataSource(), clock)
        .run(dir, new SyncOptions(false, force, removeMissing, "tester"));
  }

  void threeJobs() throws Exception {
    scheduled(dir, "nightly", "30 2 * * *", "Europe/Berlin");
    write(
        dir,
        "dormant.yaml",
        """
        id: dormant
        enabled: false
        recover: false
        schedule: { cron: "0 * * * *", timezone: UTC }
        task: { type: builtin, name: noop }
        """);
    write(
        dir,
        "by-hand.yml",
        "id: by-hand\ntask: { type: builtin, name: echo, args: { message: hi } }\n");
  }

  @Test
  void a_spec_becomes_a_durable_job_and_only_an_enabled_schedule_gets_its_one_trigger()
      throws Exception {
    threeJobs();
    write(
        dir,
        "fallback.yaml",
        """
        id: fallback
        schedule: { cron: ["30 1 * * *", "*/30 * * * *"], timezone: America/New_York, misfire: skip }
        task: { type: builtin, name: noop }
        """);

    SyncResult result = sync();

    assertThat(result.plan().added())
        .extracting(SyncPlan.Change::jobId)
        .containsExactly("by-hand", "dormant", "fallback", "nightly");
    assertThat(result.failures()).isEmpty();
    JobDetail nightly = scheduler.getJobDetail(QuartzNames.jobKey("nightly"));
    assertThat(nightly.getJobClass()).isEqualTo(CronstoneJob.class);
    assertThat(nightly.isDurable()).isTrue();
    assertThat(nightly.requestsRecovery()).isTrue();
    assertThat(nightly.getJobDataMap().getWrappedMap())
        .containsOnlyKeys(JobData.JOB_ID, JobData.SPEC_HASH, JobData.SPEC_JSON);
    assertThat(nightly.getJobDataMap().getString(JobData.JOB_ID)).isEqualTo("nightly");
    assertThat(scheduler.getJobDetail(QuartzNames.jobKey("dormant")).requestsRecovery()).isFalse();

    List<? extends Trigger> triggers = scheduler.getTriggersOfJob(QuartzNames.jobKey("fallback"));
    assertThat(triggers).hasSize(1);
    CronstoneTrigger trigger = (CronstoneTrigger) triggers.get(0);
    assertThat(trigger.getExpressions()).containsExactly("30 1 * * *", "*/30 * * * *");
    assertThat(trigger.getZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(trigger.getMisfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("dormant"))).isEmpty();
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("by-hand"))).isEmpty();

    FireTime expected = trigger.schedule().next(clock.instant().minusMillis(1)).orElseThrow();
    assertThat(
            rows(
                database(),
                "SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'fallback'"))
        .extracting(r -> r.get("next_fire_time"))
        .containsExactly(Long.toString(expected.instant().toEpochMilli()));
    assertThat(
            rows(
                database(),
                "SELECT job_id, enabled, paused, synced_by FROM cs_job ORDER BY job_id"))
        .extracting(
            r ->
                r.get("job_id")
                    + " "
                    + r.get("enabled")
                    + " "
                    + r.get("paused")
                    + " "
                    + r.get("synced_by"))
        .containsExactly(
            "by-hand true false tester",
            "dormant false false tester",
            "fallback true false tester",
            "nightly true false tester");
  }

  @Test
  void a_second_sync_of_the_same_folder_writes_nothing() throws Exception {
    threeJobs();
    sync();
    Map<String, List<Map<String, String>>> before = snapshot(database());

    SyncResult again = sync();

    assertThat(again.plan().unchanged()).containsExactly("by-hand", "dormant", "nightly");
    assertThat(again.plan().noWrites()).isTrue();
    assertThat(snapshot(database())).isEqualTo(before);
  }

  @Test
  void a_changed_spec_updates_only_its_job() throws Exception {
    threeJobs();
    scheduled(dir, "hourly", "0 * * * *", "Asia/Kolkata");
    sync();
    Map<String, List<Map<String, String>>> nightlyBefore = snapshotOf(database(), "nightly");
    Map<String, List<Map<String, String>>> dormantBefore = snapshotOf(database(), "dormant");
    String hourlyUpdatedBefore =
        rows(database(), "SELECT updated_at FROM cs_job WHERE job_id = 'hourly'")
            .get(0)
            .get("updated_at");

    scheduled(dir, "hourly", "15 * * * *", "Asia/Kolkata");
    SyncResult result = sync();

    assertThat(result.plan().updated())
        .extracting(SyncPlan.Change::jobId, SyncPlan.Change::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("hourly", "spec changed"));
    assertThat(result.plan().unchanged()).containsExactly("by-hand", "dormant", "nightly");
    assertThat(snapshotOf(database(), "nightly")).isEqualTo(nightlyBefore);
    assertThat(snapshotOf(database(), "dormant")).isEqualTo(dormantBefore);
    CronstoneTrigger hourly =
        (CronstoneTrigger) scheduler.getTrigger(QuartzNames.scheduleTriggerKey("hourly"));
    assertThat(hourly.getExpressions()).containsExactly("15 * * * *");
    assertThat(hourly.getNextFireTime().toInstant())
        .isEqualTo(hourly.schedule().next(clock.instant().minusMillis(1)).orElseThrow().instant());
    assertThat(
            scheduler
                .getJobDetail(QuartzNames.jobKey("hourly"))
                .getJobDataMap()
                .getString(JobData.SPEC_JSON))
        .contains("15 * * * *");
    assertThat(
            rows(database(), "SELECT updated_at FROM cs_job WHERE job_id = 'hourly'")
                .get(0)
                .get("updated_at"))
        .isNotEqualTo(hourlyUpdatedBefore);
  }

  @Test
  void disabling_a_job_removes_its_trigger_and_enabling_it_brings_one_back() throws Exception {
    scheduled(dir, "nightly", "30 2 * * *", "Europe/Berlin");
    scheduled(dir, "other", "0 3 * * *", "UTC");
    sync();
    write(
        dir,
        "nightly.yaml",
        "id: nightly\nenabled: false\nschedule: { cron: \"30 2 * * *\", timezone: Europe/Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    sync();
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("nightly"))).isEmpty();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("nightly"))).isTrue();

    scheduled(dir, "nightly", "30 2 * * *", "Europe/Berlin");
    sync();
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("nightly"))).hasSize(1);
  }

  @Test
  void a_deleted_spec_is_removed_with_its_trigger_and_row() throws Exception {
    threeJobs();
    sync();
    Files.delete(dir.resolve("nightly.yaml"));

    SyncResult result = sync();

    assertThat(result.plan().removed()).containsExactly("nightly");
    assertThat(result.plan().withheld()).isEmpty();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("nightly"))).isFalse();
    assertThat(scheduler.checkExists(QuartzNames.scheduleTriggerKey("nightly"))).isFalse();
    assertThat(rows(database(), "SELECT job_id FROM cs_job ORDER BY job_id"))
        .extracting(r -> r.get("job_id"))
        .containsExactly("by-hand", "dormant");
  }

  @Test
  void an_operators_pause_survives_updates_and_re_enabling() throws Exception {
    threeJobs();
    sync();
    try (JobService service =
        JobService.onNode(config(true), scheduler, database().dataSource(), clock)) {
      service.pause("nightly", "alice");
      service.pause("dormant", "alice");
    }
    scheduled(dir, "nightly", "45 2 * * *", "Europe/Berlin");
    scheduled(dir, "dormant", "0 4 * * *", "UTC");

    SyncResult result = sync();

    assertThat(result.plan().updated())
        .extracting(SyncPlan.Change::jobId)
        .containsExactly("dormant", "nightly");
    for (String id : List.of("nightly", "dormant")) {
      assertThat(scheduler.getTriggerState(QuartzNames.scheduleTriggerKey(id)))
          .as(id)
          .isEqualTo(Trigger.TriggerState.PAUSED);
      assertThat(rows(database(), "SELECT paused, paused_by FROM cs_job WHERE job_id = ?", id))
          .extracting(r -> r.get("paused") + " " + r.get("paused_by"))
          .as(id)
          .containsExactly("true alice");
    }
  }

  @Test
  void a_bad_spec_is_skipped_while_the_others_sync() throws Exception {
    threeJobs();
    write(
        dir,
        "broken.yaml",
        "id: broken\n"
            + "schedule: { cron: \"61 * * * *\", timezone: EST }\n"
            + "task: { type: builtin, name: noop }\n");
    write(dir, "garbage.yaml", "id: [unclosed\n");

    SyncResult result = sync();

    assertThat(result.plan().added())
        .extracting(SyncPlan.Change::jobId)
        .containsExactly("by-hand", "dormant", "nightly");
    assertThat(result.plan().invalid())
        .extracting(i -> Path.of(i.source()).getFileName().toString())
        .containsExactly("broken.yaml", "garbage.yaml");
    SyncPlan.Invalid broken = result.plan().invalid().get(0);
    assertThat(broken.jobId()).contains("broken");
    assertThat(broken.kept()).isFalse();
    assertThat(broken.problems())
        .extracting(p -> p.path())
        .contains("schedule.cron", "schedule.timezone");
    assertThat(scheduler.checkExists(QuartzNames.jobKey("broken"))).isFalse();
  }

  @Test
  void a_stored_job_whose_file_turned_invalid_is_kept_as_it_was() throws Exception {
    threeJobs();
    scheduled(dir, "hourly", "0 * * * *", "UTC");
    sync();
    Map<String, List<Map<String, String>>> nightlyBefore = snapshotOf(database(), "nightly");
    Map<String, List<Map<String, String>>> hourlyBefore = snapshotOf(database(), "hourly");
    write(
        dir,
        "nightly.yaml",
        "id: nightly\n"
            + "schedule: { cron: \"30 2 * * *\", timezone: Berlin }\n"
            + "task: { type: builtin, name: noop }\n");
    write(dir, "hourly.yaml", "id: hourly\n  schedule: : [\n");

    SyncResult result = sync();

    assertThat(result.plan().invalid())
        .extracting(SyncPlan.Invalid::kept)
        .containsExactly(true, true);
    assertThat(result.plan().removed()).isEmpty();
    assertThat(result.plan().withheld()).isEmpty();
    assertThat(snapshotOf(database(), "nightly")).isEqualTo(nightlyBefore);
    assertThat(snapshotOf(database(), "hourly")).isEqualTo(hourlyBefore);
  }

  @Test
  void a_schedule_that_does_not_fit_the_store_is_invalid_and_the_others_sync() throws Exception {
    scheduled(dir, "fine", "0 * * * *", "UTC");
    StringBuilder many = new StringBuilder("[");
    for (int minute = 0; minute < 60; minute++) {
      many.append(minute == 0 ? "" : ", ")
          .append("\"")
          .append(minute)
          .append(" 0-23 1-31 1-12 *\"");
    }
    write(
        dir,
        "long.yaml",
        "id: long\nschedule: { cron: "
            + many
            + "], timezone: UTC }\ntask: { type: builtin, name: noop }\n");

    SyncResult result = sync();

    assertThat(result.plan().added()).extracting(SyncPlan.Change::jobId).containsExactly("fine");
    assertThat(result.plan().invalid())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.jobId()).contains("long");
              assertThat(i.problems()).extracting(p -> p.path()).containsExactly("schedule.cron");
            });
  }

  @Test
  void an_empty_or_missing_folder_never_removes_anything() throws Exception {
    threeJobs();
    sync();
    Map<String, List<Map<String, String>>> before = snapshot(database());
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }

    SyncResult empty = sync(true, true);
    assertThat(empty.plan().withheld())
        .hasValueSatisfying(
            w -> {
              assertThat(w.reason()).isEqualTo(SyncPlan.Reason.FOLDER_EMPTY);
              assertThat(w.jobIds()).containsExactly("by-hand", "dormant", "nightly");
            });
    assertThat(empty.policyDenied()).isTrue();

    Files.delete(dir);
    SyncResult missing = sync(true, true);
    assertThat(missing.plan().withheld())
        .map(SyncPlan.Withheld::reason)
        .contains(SyncPlan.Reason.FOLDER_MISSING);
    assertThat(missing.policyDenied()).isTrue();
    assertThat(snapshot(database())).isEqualTo(before);
  }

  @Test
  void removing_more_than_half_needs_force_while_adds_and_updates_go_on() throws Exception {
    for (String id : List.of("a", "b", "c", "d")) {
      scheduled(dir, id, "0 * * * *", "UTC");
    }
    sync();
    for (String id : List.of("a", "b", "c")) {
      Files.delete(dir.resolve(id + ".yaml"));
    }
    scheduled(dir, "d", "5 * * * *", "UTC");
    scheduled(dir, "e", "0 * * * *", "UTC");

    SyncResult held = sync(false, true);

    assertThat(held.plan().added()).extracting(SyncPlan.Change::jobId).containsExactly("e");
    assertThat(held.plan().updated()).extracting(SyncPlan.Change::jobId).containsExactly("d");
    assertThat(held.plan().removed()).isEmpty();
    assertThat(held.plan().withheld())
        .hasValueSatisfying(
            w -> {
              assertThat(w.reason()).isEqualTo(SyncPlan.Reason.MORE_THAN_HALF);
              assertThat(w.jobIds()).containsExactly("a", "b", "c");
              assertThat(w.message()).contains("--force");
            });
    assertThat(held.policyDenied()).isTrue();
    assertThat(rows(database(), "SELECT job_id FROM cs_job")).hasSize(5);

    SyncResult forced = sync(true, true);
    assertThat(forced.plan().removed()).containsExactly("a", "b", "c");
    assertThat(rows(database(), "SELECT job_id FROM cs_job ORDER BY job_id"))
        .extracting(r -> r.get("job_id"))
        .containsExactly("d", "e");
  }

  @Test
  void with_remove_missing_off_deleted_specs_stay_and_that_is_no_policy_denial() throws Exception {
    threeJobs();
    sync();
    Files.delete(dir.resolve("dormant.yaml"));

    SyncResult result = sync(false, false);

    assertThat(result.plan().removed()).isEmpty();
    assertThat(result.plan().withheld())
        .map(SyncPlan.Withheld::reason)
        .contains(SyncPlan.Reason.REMOVE_MISSING_OFF);
    assertThat(result.policyDenied()).isFalse();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("dormant"))).isTrue();
  }

  @Test
  void a_dry_run_plans_and_writes_nothing() throws Exception {
    threeJobs();
    Map<String, List<Map<String, String>>> before = snapshot(database());

    SyncResult result =
        new SpecSync(scheduler, database().dataSource(), clock)
            .run(dir, new SyncOptions(true, false, true, "tester"));

    assertThat(result.applied()).isFalse();
    assertThat(result.plan().added()).hasSize(3);
    assertThat(snapshot(database())).isEqualTo(before);
  }

  @Test
  void the_next_sync_repairs_what_an_interrupted_one_left() throws Exception {
    threeJobs();
    sync();
    // Crash after the Quartz writes of a new job, before its cs_job row:
    scheduled(dir, "late", "0 * * * *", "UTC");
    scheduler.addJob(
        JobBuilder.newJob(CronstoneJob.class)
            .withIdentity(QuartzNames.jobKey("late"))
            .storeDurably()
            .build(),
        false);
    // A Quartz job lost under a row that says it is current:
    scheduler.deleteJob(QuartzNames.jobKey("nightly"));
    // A trigger lost:
    scheduler.addJob(
        JobBuilder.newJob(CronstoneJob.class)
            .withIdentity(QuartzNames.jobKey("orphan"))
            .storeDurably()
            .build(),
        false);

    SyncResult result = sync();

    assertThat(result.plan().added()).extracting(SyncPlan.Change::jobId).containsExactly("late");
    assertThat(result.plan().updated())
        .extracting(SyncPlan.Change::jobId, SyncPlan.Change::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nightly", "repair: its Quartz job was missing"));
    assertThat(result.plan().removed()).containsExactly("orphan");
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("late"))).hasSize(1);
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("nightly"))).hasSize(1);
    assertThat(scheduler.checkExists(QuartzNames.jobKey("orphan"))).isFalse();
    assertThat(sync().plan().noWrites()).isTrue();
  }

  @Test
  void two_processes_syncing_the_same_folder_at_once_leave_every_job_exactly_once()
      throws Exception {
    for (int i = 0; i < 30; i++) {
      scheduled(dir, String.format("job-%02d", i), (i % 60) + " * * * *", "Europe/Berlin");
    }
    var store = database().storeConfig();
    Path config =
        write(
            tmp,
            "scheduler.yaml",
            "store: { url: \""
                + store.url()
                + "\", user: \""
                + store.user()
                + "\", password: \""
                + store.password()
                + "\" }\njobs: { dir: \""
                + dir
                + "\" }\n");

    SyncProcess first =
        SyncProcess.start(tmp, "first", "--config", config.toString(), "sync", "--output", "json");
    SyncProcess second =
        SyncProcess.start(tmp, "second", "--config", config.toString(), "sync", "--output", "json");

    assertThat(first.await()).as(first.output()).isZero();
    assertThat(second.await()).as(second.output()).isZero();
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    int added =
        mapper.readTree(first.stdout()).get("added").size()
            + mapper.readTree(second.stdout()).get("added").size();
    int unchanged =
        mapper.readTree(first.stdout()).get("unchanged").size()
            + mapper.readTree(second.stdout()).get("unchanged").size();
    assertThat(added).as("each job added by exactly one process").isEqualTo(30);
    assertThat(unchanged).as("the other process found it synced").isEqualTo(30);
    assertThat(rows(database(), "SELECT COUNT(*) AS n FROM cs_job"))
        .extracting(r -> r.get("n"))
        .containsExactly("30");
    assertThat(
            rows(
                database(),
                "SELECT COUNT(DISTINCT JOB_NAME) AS n, COUNT(*) AS total FROM QRTZ_JOB_DETAILS"))
        .extracting(r -> r.get("n") + "/" + r.get("total"))
        .containsExactly("30/30");
    assertThat(rows(database(), "SELECT COUNT(*) AS n FROM QRTZ_TRIGGERS"))
        .extracting(r -> r.get("n"))
        .containsExactly("30");
  }

  @Test
  void a_bulk_sync_refreshes_postgresqls_planner_statistics_and_a_small_one_does_not()
      throws Exception {
    assertThat(Statistics.refreshAfter(database().dataSource(), Statistics.BULK_WRITES - 1))
        .isFalse();
    assertThat(Statistics.refreshAfter(database().dataSource(), Statistics.BULK_WRITES))
        .isEqualTo(database().dialect().equals("postgresql"));
  }
}
