package dev.cronstone.sync;

import static dev.cronstone.sync.SyncFixture.rows;
import static dev.cronstone.sync.SyncFixture.scheduled;
import static dev.cronstone.sync.SyncFixture.snapshotOf;
import static dev.cronstone.sync.SyncFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cronstone.config.JobsConfig;
import dev.cronstone.store.QuartzNames;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.MutableClock;
import dev.cronstone.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;

/**
 * Live spec reload ({@code jobs.watch}) on every store: changes to the folder reach the store
 * within 2 s without {@code jobs sync}. Waits are generous (the CI box is small); each prints the
 * pickup time it measured.
 */
abstract class SpecWatcherContractTest {
  static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
  static final Duration PICKUP = Duration.ofSeconds(2);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path tmp;
  Path dir;
  final MutableClock clock = new MutableClock(START);
  final Queue<SyncResult> results = new ConcurrentLinkedQueue<>();
  final List<SpecWatcher> watchers = new ArrayList<>();
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
            SyncFixture.config(database(), dir, true), "watch-test", database().dataSource());
  }

  @AfterEach
  void tearDown() throws Exception {
    watchers.forEach(SpecWatcher::close);
    scheduler.shutdown(false);
  }

  SpecWatcher watcher(String nodeId, Duration rescan, SpecWatcher.Watches watches) {
    SpecWatcher watcher =
        SpecWatcher.start(
            new SpecSync(scheduler, database().dataSource(), clock, SpecWatcher.LOCK_WAIT),
            new JobsConfig(dir, true, true, true, rescan),
            nodeId,
            watches,
            results::add);
    watchers.add(watcher);
    return watcher;
  }

  /** A watcher on file events, with a rescan too slow to be what finds a change. */
  SpecWatcher watcher(String nodeId) {
    SpecWatcher watcher =
        watcher(nodeId, Duration.ofHours(1), d -> d.getFileSystem().newWatchService());
    assertThat(watcher.watching()).as("file events watched").isTrue();
    return watcher;
  }

  Map<String, String> job(String id) throws Exception {
    List<Map<String, String>> found =
        rows(database(), "SELECT spec_json, synced_by FROM cs_job WHERE job_id = ?", id);
    return found.isEmpty() ? Map.of() : found.get(0);
  }

  /** Waits until the condition holds; returns and prints how long that took. */
  Duration pickup(String what, java.util.concurrent.Callable<Boolean> condition) {
    long begin = System.nanoTime();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(25)).until(condition);
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    System.out.println(getClass().getSimpleName() + ": " + what + " picked up in " + took);
    return took;
  }

  int total(Function<SyncPlan, List<?>> part) {
    return results.stream().mapToInt(r -> part.apply(r.plan()).size()).sum();
  }

  @Test
  void an_added_spec_becomes_a_job_within_two_seconds() throws Exception {
    watcher("node-a");

    scheduled(dir, "added", "0 * * * *", "UTC");

    Duration took =
        pickup("an added file", () -> scheduler.checkExists(QuartzNames.jobKey("added")));
    assertThat(took).isLessThan(PICKUP);
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("added"))).hasSize(1);
    assertThat(job("added")).containsEntry("synced_by", "node-a");
  }

  @Test
  void a_changed_spec_updates_its_schedule_and_an_editors_write_and_rename_counts_once()
      throws Exception {
    scheduled(dir, "edited", "0 * * * *", "UTC");
    SpecWatcher watcher = watcher("node-a");
    watcher.syncNow();
    String before =
        rows(database(), "SELECT * FROM QRTZ_TRIGGERS WHERE JOB_NAME = 'edited'").toString();
    results.clear();

    // an editor: writes a temporary file, then renames it over the spec
    Path temp = scheduled(tmp, "edited", "30 2 * * *", "Europe/Berlin");
    Files.move(temp, dir.resolve("edited.yaml"), StandardCopyOption.REPLACE_EXISTING);

    Duration took =
        pickup("a changed file", () -> job("edited").get("spec_json").contains("30 2 * * *"));
    assertThat(took).isLessThan(PICKUP);
    assertThat(job("edited").get("spec_json")).contains("Europe/Berlin");
    assertThat(rows(database(), "SELECT * FROM QRTZ_TRIGGERS WHERE JOB_NAME = 'edited'").toString())
        .isNotEqualTo(before);
    assertThat(scheduler.getTriggersOfJob(QuartzNames.jobKey("edited"))).hasSize(1);
    await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
    assertThat(total(SyncPlan::updated)).as("one update for one save").isEqualTo(1);
  }

  @Test
  void a_removed_spec_removes_its_job() throws Exception {
    scheduled(dir, "stays", "0 * * * *", "UTC");
    scheduled(dir, "stays-too", "0 * * * *", "UTC");
    scheduled(dir, "goes", "0 * * * *", "UTC");
    watcher("node-a").syncNow();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("goes"))).isTrue();

    Files.delete(dir.resolve("goes.yaml"));

    Duration took =
        pickup(
            "a removed file",
            () -> !scheduler.checkExists(QuartzNames.jobKey("goes")) && job("goes").isEmpty());
    assertThat(took).isLessThan(PICKUP);
    assertThat(job("goes")).isEmpty();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("stays"))).isTrue();
  }

  @Test
  void an_invalid_spec_is_reported_and_leaves_its_job_exactly_as_stored() throws Exception {
    scheduled(dir, "steady", "0 * * * *", "UTC");
    scheduled(dir, "other", "0 * * * *", "UTC");
    watcher("node-a").syncNow();
    Map<String, List<Map<String, String>>> before = snapshotOf(database(), "steady");
    results.clear();

    write(
        dir,
        "steady.yaml",
        "id: steady\n"
            + "schedule: { cron: \"61 * * * *\", timezone: UTC }\n"
            + "task: { type: builtin, name: noop }\n");
    pickup("an invalid file", () -> !results.isEmpty());
    write(dir, "other.yaml", "id: other\n  schedule: : [\n"); // not even YAML
    pickup("a broken file", () -> results.stream().anyMatch(r -> r.plan().invalid().size() == 2));

    SyncPlan.Invalid invalid =
        results.stream()
            .flatMap(r -> r.plan().invalid().stream())
            .filter(i -> i.source().endsWith("steady.yaml"))
            .findFirst()
            .orElseThrow();
    assertThat(invalid.kept()).isTrue();
    assertThat(invalid.problems()).extracting(p -> p.path()).contains("schedule.cron");
    assertThat(SyncReport.describe("node-a", invalid))
        .startsWith("[node-a] invalid spec ")
        .contains("[job_invalid_spec] schedule.cron: ")
        .endsWith("its stored job is kept as it was");
    assertThat(snapshotOf(database(), "steady")).isEqualTo(before);
    assertThat(scheduler.checkExists(QuartzNames.jobKey("other"))).isTrue();
    assertThat(total(SyncPlan::removed)).isZero();
  }

  @Test
  void the_rescan_picks_up_a_change_when_file_events_are_not_available() throws Exception {
    SpecWatcher watcher =
        watcher(
            "node-a",
            Duration.ofSeconds(1),
            d -> {
              throw new IOException("no file events on this file system");
            });
    assertThat(watcher.watching()).isFalse();

    scheduled(dir, "rescanned", "0 * * * *", "UTC");

    pickup(
        "a file found by the rescan", () -> scheduler.checkExists(QuartzNames.jobKey("rescanned")));
    assertThat(watcher.failedSyncs()).isZero();
  }

  @Test
  void a_folder_created_after_the_start_is_watched_once_it_exists() throws Exception {
    Files.delete(dir);
    SpecWatcher watcher =
        watcher("node-a", Duration.ofSeconds(1), d -> d.getFileSystem().newWatchService());
    assertThat(watcher.watching()).isFalse();

    scheduled(dir, "late", "0 * * * *", "UTC");

    pickup("a file in a new folder", () -> scheduler.checkExists(QuartzNames.jobKey("late")));
    await().atMost(WAIT).until(watcher::watching);
  }

  @Test
  void two_watchers_on_one_folder_and_one_store_apply_each_change_once() throws Exception {
    scheduled(dir, "base", "0 * * * *", "UTC");
    scheduled(dir, "base-two", "0 * * * *", "UTC");
    SpecWatcher a = watcher("node-a");
    SpecWatcher b = watcher("node-b");
    a.syncNow();
    results.clear();

    scheduled(dir, "shared", "0 * * * *", "UTC");
    pickup(
        "an added file, two watchers", () -> scheduler.checkExists(QuartzNames.jobKey("shared")));
    scheduled(dir, "shared", "15 * * * *", "UTC");
    pickup(
        "a changed file, two watchers",
        () -> job("shared").get("spec_json").contains("15 * * * *"));
    Files.delete(dir.resolve("shared.yaml"));
    pickup("a removed file, two watchers", () -> job("shared").isEmpty());
    await().atMost(WAIT).until(() -> results.size() >= 6); // both watchers synced each change

    assertThat(total(SyncPlan::added)).as("added once").isEqualTo(1);
    assertThat(total(SyncPlan::updated)).as("updated once").isEqualTo(1);
    assertThat(total(SyncPlan::removed)).as("removed once").isEqualTo(1);
    assertThat(results).allSatisfy(r -> assertThat(r.failures()).isEmpty());
    assertThat(a.failedSyncs() + b.failedSyncs()).isZero();
    assertThat(rows(database(), "SELECT COUNT(*) AS n FROM QRTZ_JOB_DETAILS"))
        .extracting(r -> r.get("n"))
        .containsExactly("2");
  }

  @Test
  void a_closed_watcher_syncs_no_more() throws Exception {
    SpecWatcher watcher = watcher("node-a");
    watcher.close();

    scheduled(dir, "after-close", "0 * * * *", "UTC");

    await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
    assertThat(scheduler.checkExists(QuartzNames.jobKey("after-close"))).isFalse();
    assertThat(results).isEmpty();
  }

  @Test
  void with_watch_off_nothing_is_watched_or_rescanned() throws Exception {
    SpecWatcher watcher =
        SpecWatcher.start(
            new SpecSync(scheduler, database().dataSource(), clock),
            new JobsConfig(dir, true, true, false, Duration.ofSeconds(1)),
            "node-a",
            d -> d.getFileSystem().newWatchService(),
            results::add);
    watchers.add(watcher);

    scheduled(dir, "unwatched", "0 * * * *", "UTC");

    await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
    assertThat(watcher.watching()).isFalse();
    assertThat(scheduler.checkExists(QuartzNames.jobKey("unwatched"))).isFalse();
  }
}
