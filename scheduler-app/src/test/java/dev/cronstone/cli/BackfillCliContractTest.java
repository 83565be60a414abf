package dev.cronstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.StoreConfig;
import dev.cronstone.testing.DatabaseExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs backfill}: the instants of a range (dry run), one queued run per instant that has
 * none yet, the refusal of a range of more than {@code --max} instants, the job's backfills ({@code
 * --list}), and {@code jobs history} naming a run's backfill. Run once per database.
 */
abstract class BackfillCliContractTest {
  static final String FROM = "2026-03-27T00:00:00Z";
  static final String TO = "2026-03-31T00:00:00Z";

  protected abstract DatabaseExtension db();

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void folder() throws IOException {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    config = dir.resolve("scheduler.yaml");
    StoreConfig store = db().database().storeConfig();
    Files.writeString(
        config,
        "store: { url: \""
            + store.url()
            + "\", user: \""
            + store.user()
            + "\", password: \""
            + store.password()
            + "\" }\njobs: { dir: \""
            + jobs
            + "\" }\nartifacts: { dir: \""
            + dir.resolve("runs")
            + "\" }\n");
    Files.writeString(
        jobs.resolve("nightly.yaml"),
        """
        id: nightly
        schedule: { cron: "30 2 * * *", timezone: Europe/Berlin }
        task: { type: builtin, name: noop }
        """);
    CliRun sync = jobs("sync");
    assertThat(sync.exit()).as(sync.out() + sync.err()).isZero();
  }

  private CliRun jobs(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return CliRun.run(
        Clock.fixed(CliRun.NOW, ZoneOffset.UTC), Map.of(), all.toArray(String[]::new));
  }

  @Test
  void a_dry_run_prints_the_instants_across_the_daylight_saving_change_and_queues_nothing() {
    CliRun r = jobs("backfill", "nightly", "--from", FROM, "--to", TO, "--dry-run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "2026-03-27T01:30:00Z\n2026-03-28T01:30:00Z\n2026-03-29T01:30:00Z\n"
                + "2026-03-30T00:30:00Z\n")
        .contains("4 instant(s)");
    assertThat(jobs("--output", "json", "history", "nightly").json().path("runs")).isEmpty();
  }

  @Test
  void a_backfill_queues_each_instant_once() {
    CliRun first =
        jobs(
            "--output",
            "json",
            "backfill",
            "nightly",
            "--from",
            FROM,
            "--to",
            "2026-03-29T00:00:00Z");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.json().path("created")).hasSize(2);
    long id = first.json().path("backfillId").asLong();

    CliRun second = jobs("backfill", "nightly", "--from", FROM, "--to", TO);

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("2 run(s) queued, 2 instant(s) already backfilled");
    CliRun history = jobs("history", "nightly");
    assertThat(history.out()).contains("backfill (" + id + ")").contains("queued");
    CliRun json = jobs("--output", "json", "history", "nightly");
    assertThat(json.json().path("runs")).hasSize(4);
    assertThat(json.json().path("runs").get(3).path("backfillId").asLong()).isEqualTo(id);
    CliRun grouped = jobs("--output", "json", "history", "nightly", "--backfill", "" + id);
    assertThat(grouped.exit()).as(grouped.err()).isZero();
    assertThat(grouped.json().path("runs")).hasSize(2);
    assertThat(grouped.json().path("runs").findValues("backfillId"))
        .allSatisfy(b -> assertThat(b.asLong()).isEqualTo(id));
    CliRun list = jobs("--output", "json", "backfill", "nightly", "--list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.json().path("backfills")).hasSize(2);
    assertThat(list.json().path("backfills").get(1).path("byStatus").path("queued").asInt())
        .isEqualTo(2);
  }

  @Test
  void a_range_of_more_than_max_instants_is_refused_with_its_option() {
    CliRun r =
        jobs("--output", "json", "backfill", "nightly", "--from", FROM, "--to", TO, "--max", "3");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errorJson().at("/error/code").asText()).isEqualTo("invalid_argument");
    assertThat(r.errorJson().at("/error/details/0/path").asText()).isEqualTo("--max");
    assertThat(r.errorJson().at("/error/message").asText())
        .startsWith("--max is 3, but the range [2026-03-27T00:00:00Z, 2026-03-31T00:00:00Z)");
    assertThat(jobs("--output", "json", "history", "nightly").json().path("runs")).isEmpty();
  }

  @Test
  void from_and_to_are_required() {
    CliRun r = jobs("backfill", "nightly", "--to", TO);

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--from");
  }
}
