package dev.cronstone.sync;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.snapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.store.Migrations;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;

/**
 * Who owns a job, on every store: sync manages file-owned jobs only, a spec file hands a
 * store-owned job over to itself, and every saved content is a version (docs/job-spec.md, "Who owns
 * a job").
 */
abstract class JobOwnershipContractTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path tmp;
  Path dir;
  final MutableClock clock = new MutableClock(START);
  Scheduler scheduler;

  protected abstract DatabaseExtension db();

  TestDatabase database() {
    return db().database();
  }

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(tmp.resolve("jobs"));
    scheduler =
        QuartzSchedulers.create(
            SyncFixture.config(database(), dir, true), "owner-test", database().dataSource());
  }

  @AfterEach
  void tearDown() throws Exception {
    scheduler.shutdown(false);
  }

  SyncResult sync() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    return new SpecSync(scheduler, database().dataSource(), clock)
        .run(dir, new SyncOptions(false, false, true, "tester"));
  }

  JobEdits edits() {
    clock.advance(Duration.ofMinutes(1));
    return new JobEdits(
        database().dataSource(), QuartzNames.SCHEDULER_NAME, clock, Duration.ofSeconds(10));
  }

  JobSpec spec(String yaml) {
    return new SpecLoader(clock)
        .parse("x.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }

  static final String STORE_JOB =
      "id: api-job\nschedule: { cron: \"0 4 * * *\", timezone: UTC }\n"
          + "task: { type: builtin, name: noop }\n";

  List<Map<String, String>> versions(String jobId) throws Exception {
    return rows(
        database(),
        "SELECT version, owner, saved_by, source FROM cs_job_version WHERE job_id = ? ORDER BY"
            + " version",
        jobId);
  }

  Map<String, String> job(String jobId) throws Exception {
    return rows(database(), "SELECT owner, version, source FROM cs_job WHERE job_id = ?", jobId)
        .get(0);
  }

  @Test
  void sync_never_changes_or_removes_a_store_owned_job() throws Exception {
    scheduled(dir, "a", "0 1 * * *", "UTC");
    scheduled(dir, "b", "0 2 * * *", "UTC");
    scheduled(dir, "c", "0 3 * * *", "UTC");
    sync();
    JobEdits.Saved saved = edits().save(spec(STORE_JOB), VersionCheck.noJob(), "api");
    assertThat(saved).isEqualTo(new JobEdits.Saved("api-job", 1, true, true));
    var before = snapshotOf(database(), "api-job");
    assertThat(job("api-job")).containsEntry("owner", "store").containsEntry("source", "null");

    Files.delete(dir.resolve("a.yaml"));
    SyncResult result = sync();

    assertThat(result.plan().removed()).containsExactly("a");
    assertThat(result.plan().unchanged()).containsExactly("b", "c");
    assertThat(snapshotOf(database(), "api-job")).isEqualTo(before);
    assertThat(scheduler.checkExists(QuartzNames.jobKey("api-job"))).isTrue();

    edits().save(spec(STORE_JOB.replace("api-job", "api-2")), VersionCheck.none(), "api");
    edits().save(spec(STORE_JOB.replace("api-job", "api-3")), VersionCheck.none(), "api");
    Files.delete(dir.resolve("b.yaml"));
    Files.delete(dir.resolve("c.yaml"));
    scheduled(dir, "d", "0 5 * * *", "UTC");
    SyncResult most = sync();
    assertThat(most.plan().withheld())
        .as("2 of the 2 file-owned jobs is more than half, whatever the store owns")
        .isPresent();
    assertThat(most.plan().removed()).isEmpty();
    assertThat(snapshotOf(database(), "api-job")).isEqualTo(before);
  }

  @Test
  void a_spec_file_for_a_store_owned_id_hands_the_job_over_as_a_new_version() throws Exception {
    edits().save(spec(STORE_JOB), VersionCheck.none(), "ops");
    edits().setEnabled("api-job", false, VersionCheck.version(1), "ops");
    Path file = SyncFixture.write(dir, "api-job.yaml", STORE_JOB);

    SyncResult result = sync();

    assertThat(result.plan().updated())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).contains("handed over"));
    assertThat(job("api-job"))
        .containsEntry("owner", "file")
        .containsEntry("version", "3")
        .containsEntry("source", file.toString());
    List<Map<String, String>> versions = versions("api-job");
    assertThat(versions)
        .extracting(v -> v.get("saved_by"))
        .containsExactly("ops", "ops", "file:" + file);
    assertThat(versions).extracting(v -> v.get("owner")).containsExactly("store", "store", "file");
    assertThat(scheduler.getTrigger(QuartzNames.scheduleTriggerKey("api-job")))
        .as("enabled again by its file")
        .isNotNull();
    assertThat(sync().plan().unchanged()).containsExactly("api-job");

    assertThatThrownBy(() -> edits().save(spec(STORE_JOB), VersionCheck.none(), "ops"))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_FILE_OWNED));
    assertThatThrownBy(() -> edits().delete("api-job", VersionCheck.none(), "ops"))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_FILE_OWNED));
  }

  @Test
  void sync_saves_a_version_when_the_content_changes_and_none_for_a_repair() throws Exception {
    Path file = scheduled(dir, "a", "0 1 * * *", "UTC");
    scheduled(dir, "keep", "0 3 * * *", "UTC");
    scheduled(dir, "keep2", "0 3 * * *", "UTC");
    sync();
    sync();
    assertThat(versions("a")).hasSize(1);
    assertThat(versions("a").get(0))
        .containsEntry("saved_by", "file:" + file)
        .containsEntry("source", file.toString());

    scheduled(dir, "a", "0 2 * * *", "UTC");
    sync();
    assertThat(job("a")).containsEntry("version", "2");

    scheduler.unscheduleJob(QuartzNames.scheduleTriggerKey("a"));
    SyncResult repair = sync();
    assertThat(repair.plan().updated())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).startsWith("repair"));
    assertThat(versions("a")).hasSize(2);
    assertThat(job("a")).containsEntry("version", "2");

    Files.delete(file);
    assertThat(sync().plan().removed()).containsExactly("a");
    assertThat(rows(database(), "SELECT job_id FROM cs_job WHERE job_id = 'a'")).isEmpty();
    assertThat(versions("a")).as("the history outlives the job").hasSize(2);
    scheduled(dir, "a", "0 4 * * *", "UTC");
    sync();
    assertThat(job("a")).containsEntry("version", "3");
  }

  @Test
  void a_save_of_the_same_content_is_no_new_version_and_a_stale_version_changes_nothing()
      throws Exception {
    edits().save(spec(STORE_JOB), VersionCheck.none(), "api");
    assertThat(edits().save(spec(STORE_JOB), VersionCheck.version(1), "api"))
        .isEqualTo(new JobEdits.Saved("api-job", 1, false, false));
    var before = snapshotOf(database(), "api-job");

    assertThatThrownBy(
            () ->
                edits().save(spec(STORE_JOB.replace("0 4", "0 5")), VersionCheck.version(7), "api"))
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
    assertThatThrownBy(() -> edits().save(spec(STORE_JOB), VersionCheck.noJob(), "api"))
        .isInstanceOf(CronstoneException.class);
    assertThat(snapshotOf(database(), "api-job")).isEqualTo(before);
    assertThat(versions("api-job")).hasSize(1);
  }

  @Test
  void jobs_stored_before_the_migration_are_file_owned_with_a_first_version() throws Exception {
    TestDatabase old = db().emptyDatabase();
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(old.dataSource())
        .locations("classpath:db/migration/" + old.dialect())
        .target("11")
        .load()
        .migrate();
    try (Connection connection = old.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO cs_job (job_id, spec_json, spec_hash, source, enabled, created_at,"
              + " updated_at, synced_by) VALUES ('legacy', '{\"id\":\"legacy\"}', '"
              + "a".repeat(64)
              + "', 'jobs/legacy.yaml', TRUE, TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00:00',"
              + " TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00:00', 'node-1')");
    }

    Migrations.migrate(old.dataSource(), old.dialect());

    assertThat(rows(old, "SELECT owner, version FROM cs_job"))
        .containsExactly(Map.of("owner", "file", "version", "1"));
    List<Map<String, String>> versions =
        rows(old, "SELECT job_id, version, owner, saved_by, source, spec_hash FROM cs_job_version");
    assertThat(versions).hasSize(1);
    assertThat(versions.get(0))
        .containsEntry("version", "1")
        .containsEntry("owner", "file")
        .containsEntry("saved_by", "file:jobs/legacy.yaml")
        .containsEntry("spec_hash", "a".repeat(64));
  }
}
