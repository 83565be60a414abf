package dev.cronstone.service;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.store.QuartzNames;
import dev.cronstone.sync.SyncFixture;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.QuartzClientProperties;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * A plain Quartz client (docs/quartz-interop.md: Quartz's own job store and delegate, never
 * started) operating the store, and how Cronstone recognises and records what it did; on every
 * store (H2, PostgreSQL) through one small subclass per database. One Quartz scheduler per name
 * lives in a JVM, so the service's own admin scheduler is closed while the client works.
 */
abstract class QuartzClientContractTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path tmp;
  Path dir;
  final MutableClock clock = new MutableClock(START);
  JobService service;

  protected abstract DatabaseExtension db();

  TestDatabase database() {
    return db().database();
  }

  @BeforeEach
  void jobs() throws Exception {
    dir = Files.createDirectories(tmp.resolve("jobs"));
    // bravo: hourly at minute 0 in Asia/Kolkata (+05:30), so at :30 UTC.
    scheduled(dir, "bravo", "0 * * * *", "Asia/Kolkata");
    write(
        dir,
        "catchup.yaml",
        "id: catchup\nschedule: { cron: \"0 * * * *\", timezone: UTC, misfire: catch_up,"
            + " catchUpWindow: PT6H, maxCatchUp: 10 }\ntask: { type: builtin, name: noop }\n");
    write(dir, "manual.yaml", "id: manual\ntask: { type: builtin, name: noop }\n");
    service = open();
    service.sync(false, false, "carol");
  }

  @AfterEach
  void close() {
    service.close();
  }

  private JobService open() {
    return JobService.open(SyncFixture.config(database(), dir, true), clock);
  }

  /** Closes the service's scheduler, runs {@code work} on a plain Quartz client, reopens. */
  private void client(ClientWork work) throws Exception {
    service.close();
    TestDatabase db = database();
    var props =
        QuartzClientProperties.of(
            db.dialect(), db.url(), db.storeConfig().user(), db.storeConfig().password());
    Scheduler client = new StdSchedulerFactory(props).getScheduler();
    try {
      assertThat(client.isStarted()).isFalse();
      work.run(client);
    } finally {
      client.shutdown(false);
      service = open();
    }
  }

  @FunctionalInterface
  interface ClientWork {
    void run(Scheduler client) throws SchedulerException;
  }

  private Map<String, String> job(String id) throws Exception {
    return rows(
            database(),
            "SELECT paused, paused_by, paused_at, resumed_by, resumed_at FROM cs_job WHERE job_id = ?",
            id)
        .get(0);
  }

  private Optional<Instant> nextFire(String id) {
    return service.show(id).triggers().get(0).nextFire();
  }

  @Test
  void a_quartz_pause_job_reads_as_paused_by_quartz_and_a_node_records_it_once() throws Exception {
    client(c -> c.pauseJob(QuartzNames.jobKey("bravo")));

    // Seen at once, before any node records it.
    assertThat(service.list(10, Optional.empty()).jobs())
        .filteredOn(j -> j.id().equals("bravo"))
        .singleElement()
        .satisfies(j -> assertThat(j.paused()).isTrue());
    assertThat(service.show("bravo").pause().pausedBy()).contains("quartz");
    assertThat(job("bravo").get("paused")).isIn("false", "FALSE");

    clock.advance(Duration.ofMinutes(5));
    assertThat(service.recogniseQuartzPauses())
        .containsExactly(new PauseChange("bravo", true, true));
    assertThat(job("bravo").get("paused_by")).isEqualTo("quartz");
    assertThat(service.show("bravo").pause().pausedAt()).contains(START.plusSeconds(300));
    assertThat(service.recogniseQuartzPauses()).isEmpty();
  }

  @Test
  void a_quartz_resume_is_recorded_and_does_not_replay_the_paused_window() throws Exception {
    assertThat(nextFire("bravo")).contains(Instant.parse("2026-11-21T12:30:00Z"));
    service.pause("bravo", "alice");
    clock.advance(Duration.ofHours(3));

    client(c -> c.resumeJob(QuartzNames.jobKey("bravo")));
    assertThat(service.show("bravo").pause().paused()).isFalse();
    assertThat(service.show("bravo").pause().resumedBy()).contains("quartz");
    // Quartz put the old next fire time back: a node would take it for a misfire.
    assertThat(nextFire("bravo")).contains(Instant.parse("2026-11-21T12:30:00Z"));

    assertThat(service.recogniseQuartzPauses())
        .containsExactly(new PauseChange("bravo", false, true));
    assertThat(job("bravo").get("resumed_by")).isEqualTo("quartz");
    assertThat(service.show("bravo").pause().pausedBy()).isEmpty();
    assertThat(nextFire("bravo")).contains(Instant.parse("2026-11-21T15:30:00Z"));
    assertThat(service.show("bravo").triggers().get(0).state()).isEqualTo("NORMAL");
  }

  @Test
  void a_catch_up_job_resumed_through_quartz_keeps_its_missed_fires_for_the_misfire_policy()
      throws Exception {
    assertThat(nextFire("catchup")).contains(Instant.parse("2026-11-21T12:00:00Z"));
    client(c -> c.pauseJob(QuartzNames.jobKey("catchup")));
    service.recogniseQuartzPauses();
    clock.advance(Duration.ofHours(3));
    client(c -> c.resumeJob(QuartzNames.jobKey("catchup")));

    assertThat(service.recogniseQuartzPauses())
        .containsExactly(new PauseChange("catchup", false, true));
    assertThat(job("catchup").get("resumed_by")).isEqualTo("quartz");
    assertThat(nextFire("catchup")).contains(Instant.parse("2026-11-21T12:00:00Z"));
  }

  @Test
  void jobs_resume_of_a_catch_up_job_leaves_the_missed_fires_to_its_policy_too() throws Exception {
    service.pause("catchup", "alice");
    clock.advance(Duration.ofHours(3));
    service.resume("catchup", "bob");
    assertThat(nextFire("catchup")).contains(Instant.parse("2026-11-21T12:00:00Z"));
    assertThat(service.show("catchup").triggers().get(0).state()).isEqualTo("NORMAL");
  }

  @Test
  void jobs_resume_after_an_unrecorded_quartz_pause_records_both_and_restarts_the_schedule()
      throws Exception {
    client(c -> c.pauseJob(QuartzNames.jobKey("bravo")));
    clock.advance(Duration.ofHours(3));

    assertThat(service.resume("bravo", "bob")).isEqualTo(new PauseChange("bravo", false, true));

    assertThat(job("bravo").get("resumed_by")).isEqualTo("bob");
    assertThat(nextFire("bravo")).contains(Instant.parse("2026-11-21T15:30:00Z"));
  }

  @Test
  void pause_all_becomes_a_pause_of_every_scheduled_job_and_leaves_no_paused_group()
      throws Exception {
    client(Scheduler::pauseAll);
    assertThat(rows(database(), "SELECT TRIGGER_GROUP FROM QRTZ_PAUSED_TRIGGER_GRPS")).isNotEmpty();

    assertThat(service.recogniseQuartzPauses())
        .extracting(PauseChange::jobId)
        .containsExactly("bravo", "catchup");
    assertThat(rows(database(), "SELECT TRIGGER_GROUP FROM QRTZ_PAUSED_TRIGGER_GRPS")).isEmpty();
    // A job with no trigger has nothing Quartz can pause.
    assertThat(job("manual").get("paused")).isIn("false", "FALSE");

    client(
        c -> {
          assertThat(c.getPausedTriggerGroups()).isEmpty();
          c.resumeAll();
        });
    assertThat(service.recogniseQuartzPauses())
        .extracting(PauseChange::jobId)
        .containsExactly("bravo", "catchup");
    assertThat(service.list(10, Optional.empty()).jobs()).noneMatch(JobSummary::paused);
  }

  @Test
  void the_client_loads_cronstone_triggers_and_trigger_job_stores_a_foreign_trigger()
      throws Exception {
    client(
        c -> {
          List<? extends Trigger> triggers = c.getTriggersOfJob(QuartzNames.jobKey("bravo"));
          assertThat(triggers)
              .singleElement()
              .satisfies(t -> assertThat(t.getNextFireTime()).isNotNull());
          assertThat(triggers.get(0).getClass().getName())
              .isEqualTo("dev.cronstone.store.CronstoneTrigger");
          assertThat(c.getJobDetail(QuartzNames.jobKey("manual")).getJobClass().getName())
              .isEqualTo(QuartzNames.JOB_CLASS_NAME);
          c.triggerJob(QuartzNames.jobKey("manual"));
          assertThat(c.getTriggerKeys(GroupMatcher.anyTriggerGroup()))
              .filteredOn(k -> k.getGroup().equals(Scheduler.DEFAULT_GROUP))
              .singleElement()
              .satisfies(
                  k -> assertThat(QuartzNames.requestedThroughQuartz(c.getTrigger(k))).isTrue());
        });
    // Nothing to record: a manual run is opened by the node that fires the trigger.
    assertThat(service.recogniseQuartzPauses()).isEmpty();
  }
}
