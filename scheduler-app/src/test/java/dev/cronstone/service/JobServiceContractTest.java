package dev.cronstone.service;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.schedule.CronExpression;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import dev.cronstone.sync.SyncFixture;
import dev.cronstone.sync.SyncPlan;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job service on every store (H2, PostgreSQL); run through one small subclass per database. */
abstract class JobServiceContractTest {
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
  void fiveJobs() throws Exception {
    dir = Files.createDirectories(tmp.resolve("jobs"));
    scheduled(dir, "alpha", "30 2 * * *", "Europe/Berlin");
    scheduled(dir, "bravo", "0 * * * *", "Asia/Kolkata");
    write(
        dir,
        "charlie.yaml",
        "id: charlie\nenabled: false\nschedule: { cron: \"0 4 * * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    write(dir, "delta.yaml", "id: delta\ntask: { type: http, url: \"http://127.0.0.1:1/\" }\n");
    scheduled(dir, "echo", "*/15 * * * *", "America/New_York");
    service = JobService.open(SyncFixture.config(database(), dir, true), clock);
    assertThat(service.sync(false, false, "carol").plan().added()).hasSize(5);
  }

  @AfterEach
  void close() {
    service.close();
  }

  @Test
  void list_pages_by_id_with_a_cursor_and_joins_the_next_fire_time() throws Exception {
    JobPage first = service.list(2, Optional.empty());
    assertThat(first.jobs()).extracting(JobSummary::id).containsExactly("alpha", "bravo");
    assertThat(first.nextCursor()).contains("bravo");
    JobPage second = service.list(2, first.nextCursor());
    assertThat(second.jobs()).extracting(JobSummary::id).containsExactly("charlie", "delta");
    JobPage last = service.list(2, second.nextCursor());
    assertThat(last.jobs()).extracting(JobSummary::id).containsExactly("echo");
    assertThat(last.nextCursor()).isEmpty();
    assertThat(service.list(JobService.DEFAULT_LIMIT, Optional.empty()).jobs()).hasSize(5);

    JobSummary alpha = first.jobs().get(0);
    assertThat(alpha.schedule()).containsExactly("30 2 * * *");
    assertThat(alpha.timezone()).contains("Europe/Berlin");
    assertThat(alpha.task()).isEqualTo("builtin");
    assertThat(alpha.enabled()).isTrue();
    assertThat(alpha.paused()).isFalse();
    long row =
        Long.parseLong(
            rows(
                    database(),
                    "SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'alpha'")
                .get(0)
                .get("next_fire_time"));
    assertThat(alpha.nextFire()).contains(Instant.ofEpochMilli(row));
    JobSummary charlie = second.jobs().get(0);
    assertThat(charlie.enabled()).isFalse();
    assertThat(charlie.nextFire()).isEmpty();
    JobSummary delta = second.jobs().get(1);
    assertThat(delta.schedule()).isEmpty();
    assertThat(delta.timezone()).isEmpty();
    assertThat(delta.task()).isEqualTo("http");
  }

  @Test
  void a_bad_limit_is_an_invalid_argument() {
    assertThatThrownBy(() -> service.list(0, Optional.empty()))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void show_gives_the_spec_its_trigger_and_the_calculators_next_five_fires() throws Exception {
    JobView alpha = service.show("alpha");

    assertThat(alpha.specJson()).contains("\"30 2 * * *\"");
    assertThat(alpha.source()).hasValueSatisfying(s -> assertThat(s).endsWith("alpha.yaml"));
    assertThat(alpha.syncedBy()).contains("carol");
    assertThat(alpha.inQuartz()).isTrue();
    assertThat(alpha.triggers())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.type()).isEqualTo("cronstone");
              assertThat(t.state()).isEqualTo("NORMAL");
              assertThat(t.expressions()).containsExactly("30 2 * * *");
              assertThat(t.timezone()).contains("Europe/Berlin");
              assertThat(t.misfire()).contains("fire_once_now");
            });
    Schedule schedule =
        Schedule.of(List.of(CronExpression.parse("30 2 * * *")), ZoneId.of("Europe/Berlin"));
    List<Instant> expected =
        schedule.upcoming(clock.instant(), 5).stream().map(FireTime::instant).toList();
    assertThat(alpha.upcoming()).extracting(FireTime::instant).isEqualTo(expected);
    assertThat(alpha.triggers().get(0).nextFire())
        .contains(schedule.next(START).orElseThrow().instant());

    JobView delta = service.show("delta");
    assertThat(delta.triggers()).isEmpty();
    assertThat(delta.upcoming()).isEmpty();
    assertThat(service.show("charlie").triggers()).isEmpty();
  }

  @Test
  void an_unknown_id_is_job_not_found() {
    assertThatThrownBy(() -> service.show("ghost")).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> service.pause("ghost", "alice"))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> service.resume("ghost", "alice"))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void pause_and_resume_change_quartz_and_record_who_and_when() throws Exception {
    clock.advance(Duration.ofMinutes(5));
    assertThat(service.pause("alpha", "alice")).isEqualTo(new PauseChange("alpha", true, true));
    clock.advance(Duration.ofMinutes(5));
    assertThat(service.pause("alpha", "mallory")).isEqualTo(new PauseChange("alpha", true, false));

    JobView paused = service.show("alpha");
    assertThat(paused.triggers().get(0).state()).isEqualTo("PAUSED");
    assertThat(paused.pause().paused()).isTrue();
    assertThat(paused.pause().pausedBy()).contains("alice");
    assertThat(paused.pause().pausedAt()).contains(START.plus(Duration.ofMinutes(5)));
    assertThat(service.list(10, Optional.empty()).jobs().get(0))
        .satisfies(
            j -> {
              assertThat(j.paused()).isTrue();
              assertThat(j.nextFire()).isEmpty();
            });

    assertThat(service.resume("alpha", "bob")).isEqualTo(new PauseChange("alpha", false, true));
    JobView resumed = service.show("alpha");
    assertThat(resumed.triggers().get(0).state()).isEqualTo("NORMAL");
    assertThat(resumed.pause())
        .isEqualTo(
            new PauseState(
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of("bob"),
                Optional.of(START.plus(Duration.ofMinutes(10)))));
    assertThat(service.resume("alpha", "bob").changed()).isFalse();
  }

  @Test
  void a_resumed_job_fires_next_after_the_resume_and_does_not_replay_what_it_missed()
      throws Exception {
    // bravo: hourly at minute 0 in Asia/Kolkata (+05:30), so at :30 UTC.
    assertThat(service.show("bravo").triggers().get(0).nextFire())
        .contains(Instant.parse("2026-11-21T12:30:00Z"));
    service.pause("bravo", "alice");
    clock.advance(Duration.ofHours(3));
    service.resume("bravo", "bob");
    assertThat(service.show("bravo").triggers().get(0).nextFire())
        .contains(Instant.parse("2026-11-21T15:30:00Z"));
    assertThat(service.show("bravo").triggers().get(0).state()).isEqualTo("NORMAL");
  }

  @Test
  void pausing_a_disabled_job_holds_when_it_is_enabled_and_resume_leaves_enabled_alone()
      throws Exception {
    service.pause("charlie", "alice");
    scheduled(dir, "charlie", "0 4 * * *", "UTC");
    SyncPlan plan = service.sync(false, false, "carol").plan();
    assertThat(plan.updated()).extracting(SyncPlan.Change::jobId).containsExactly("charlie");
    assertThat(service.show("charlie").triggers())
        .singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo("PAUSED"));

    service.resume("charlie", "bob");
    assertThat(service.show("charlie").triggers().get(0).state()).isEqualTo("NORMAL");
  }

  @Test
  void pause_all_and_resume_all_cover_every_job_and_not_later_ones() throws Exception {
    service.pause("bravo", "alice");

    List<PauseChange> paused = service.pauseAll("ops");

    assertThat(paused)
        .extracting(PauseChange::jobId)
        .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
    assertThat(paused)
        .filteredOn(PauseChange::changed)
        .extracting(PauseChange::jobId)
        .containsExactly("alpha", "charlie", "delta", "echo");
    assertThat(
            rows(
                database(),
                "SELECT TRIGGER_NAME, TRIGGER_STATE FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME"))
        .extracting(r -> r.get("trigger_name") + " " + r.get("trigger_state"))
        .containsExactly("alpha PAUSED", "bravo PAUSED", "echo PAUSED");
    assertThat(
            rows(database(), "SELECT paused_by FROM cs_job WHERE job_id = 'bravo'")
                .get(0)
                .get("paused_by"))
        .isEqualTo("alice");

    scheduled(dir, "foxtrot", "0 5 * * *", "UTC");
    service.sync(false, false, "carol");
    assertThat(service.show("foxtrot").pause().paused()).isFalse();
    assertThat(service.show("foxtrot").triggers().get(0).state()).isEqualTo("NORMAL");

    List<PauseChange> resumed = service.resumeAll("ops");
    assertThat(resumed).filteredOn(PauseChange::changed).hasSize(5);
    assertThat(rows(database(), "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS"))
        .extracting(r -> r.get("trigger_state"))
        .containsOnly("WAITING");
  }

  @Test
  void sync_through_the_service_records_who_synced_and_a_dry_run_writes_nothing() throws Exception {
    scheduled(dir, "alpha", "45 2 * * *", "Europe/Berlin");
    assertThat(service.sync(true, false, "dave").applied()).isFalse();
    assertThat(
            rows(database(), "SELECT synced_by FROM cs_job WHERE job_id = 'alpha'")
                .get(0)
                .get("synced_by"))
        .isEqualTo("carol");

    assertThat(service.sync(false, false, "dave").plan().updated())
        .extracting(SyncPlan.Change::jobId)
        .containsExactly("alpha");
    assertThat(
            rows(database(), "SELECT synced_by FROM cs_job WHERE job_id = 'alpha'")
                .get(0)
                .get("synced_by"))
        .isEqualTo("dave");
  }
}
