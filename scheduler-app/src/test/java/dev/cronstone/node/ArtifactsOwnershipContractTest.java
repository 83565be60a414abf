package dev.cronstone.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.artifacts.ArtifactResult;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.ArtifactsOwner;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.artifacts.RetentionRule;
import dev.cronstone.artifacts.RunPruner;
import dev.cronstone.config.ConfigLoader;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.ledger.EndWrite;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunKind;
import dev.cronstone.ledger.RunLedger;
import dev.cronstone.ledger.RunStatus;
import dev.cronstone.model.Overlap;
import dev.cronstone.service.ArtifactOwners;
import dev.cronstone.service.RunService;
import dev.cronstone.store.Migrations;
import dev.cronstone.store.QuartzSchedulers;
import dev.cronstone.sync.SpecSync;
import dev.cronstone.sync.SyncOptions;
import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;

/**
 * One store per artifacts folder, on every store: a second store pointed at a folder that holds
 * another store's runs is refused (its node does not start; its writes, repairs and prunes are
 * refused), and the first store's run files stay byte for byte as they were.
 */
abstract class ArtifactsOwnershipContractTest {
  static final AtomicInteger FIRES = new AtomicInteger();

  @TempDir Path tmp;
  Path runs;
  final Clock clock = Clock.systemUTC();
  TestDatabase first;
  TestDatabase second;

  protected abstract DatabaseExtension db();

  @BeforeEach
  void setUp() {
    runs = tmp.resolve("runs");
    first = db().database();
    second = db().emptyDatabase();
    Migrations.migrate(second.dataSource(), second.dialect());
  }

  ArtifactsOwner owner(TestDatabase database) {
    return ArtifactOwners.of(database.dataSource(), config(database), clock);
  }

  NodeConfig config(TestDatabase database) {
    var store = database.storeConfig();
    return new ConfigLoader(n -> Optional.empty())
        .parse(
            "scheduler.yaml",
            """
            store: { url: "%s", user: "%s", password: "%s", maxPoolSize: 4 }
            cluster: { checkinInterval: PT1S }
            scheduler: { threads: 2, shutdownGrace: PT1S }
            jobs: { dir: "%s", syncOnStart: false, watch: false }
            artifacts: { dir: "%s" }
            api: { port: 0, token: test-token }
            """
                .formatted(store.url(), store.user(), store.password(), tmp.resolve("jobs"), runs)
                .getBytes(StandardCharsets.UTF_8));
  }

  static RunId ended(RunLedger ledger, String job, String owner) {
    // a fire of its own each time (one fire is one run)
    Instant fire =
        Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(FIRES.incrementAndGet());
    RunId id =
        ledger
            .beginScheduled(job, RunKind.SCHEDULED, fire, 1, Overlap.SKIP, owner)
            .orElseThrow()
            .run()
            .id();
    ledger.end(
        new EndWrite(
            id,
            1,
            RunStatus.SUCCEEDED,
            Optional.of(0),
            "ok",
            Map.of("status", "succeeded"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return id;
  }

  Map<String, String> files() throws Exception {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(runs)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        all.put(runs.relativize(p).toString(), Files.readString(p));
      }
    }
    return all;
  }

  /** Store one's run nightly #1, written to the folder. */
  RunId firstStoresRun() {
    RunLedger ledger = new RunLedger(first.dataSource(), clock);
    RunId id = ended(ledger, "nightly", "node-a");
    ArtifactResult written =
        new ArtifactWriter(config(first).artifacts(), owner(first))
            .write(ledger, id, Optional.empty(), Redactor.none());
    assertThat(written.ok()).as(written.failure().orElse("")).isTrue();
    return id;
  }

  @Test
  void the_first_store_claims_the_folder_and_keeps_one_id() throws Exception {
    firstStoresRun();

    assertThat(Files.readString(runs.resolve(ArtifactsOwner.MARKER)))
        .contains("store-id=" + owner(first).storeId());
    assertThat(owner(first)).isEqualTo(owner(first));
    assertThat(owner(second).storeId()).isNotEqualTo(owner(first).storeId());
    // another node of the same store writes on
    RunLedger ledger = new RunLedger(first.dataSource(), clock);
    RunId next = ended(ledger, "nightly", "node-b");
    assertThat(
            new ArtifactWriter(config(first).artifacts(), owner(first))
                .write(ledger, next, Optional.empty(), Redactor.none())
                .ok())
        .isTrue();
  }

  @Test
  void a_second_store_on_the_same_folder_is_refused_and_the_first_stores_runs_are_untouched()
      throws Exception {
    RunId firstRun = firstStoresRun();
    Map<String, String> before = files();
    RunLedger ledger = new RunLedger(second.dataSource(), clock);
    RunId same = ended(ledger, "nightly", "node-z");
    ended(ledger, "nightly", "node-z");
    assertThat(same).isEqualTo(firstRun); // both stores number their runs from 1
    ArtifactWriter writer = new ArtifactWriter(config(second).artifacts(), owner(second));

    assertThatThrownBy(writer::claimFolder)
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.POLICY_DENIED);
              assertThat(e.getMessage())
                  .contains("belongs to another store")
                  .contains(owner(first).storeId())
                  .contains("Point artifacts.dir at a folder");
              assertThat(e.details()).extracting(p -> p.path()).containsExactly("artifacts.dir");
            });
    ArtifactResult write = writer.write(ledger, same, Optional.empty(), Redactor.none());
    assertThat(write.ok()).isFalse();
    assertThat(write.failure().orElseThrow()).contains("belongs to another store");
    assertThat(MissingArtifacts.repair("node-z", ledger, writer, Instant.now())).isZero();
    RunPruner pruner = new RunPruner(ledger, runs, owner(second));
    assertThatThrownBy(
            () ->
                pruner.prune(
                    "nightly", new RetentionRule(OptionalInt.of(1), Optional.empty()), false))
        .isInstanceOfSatisfying(
            CronstoneException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.POLICY_DENIED));

    assertThat(files()).isEqualTo(before);
    assertThat(new RunLedger(second.dataSource(), clock).run(same)).isPresent();
  }

  @Test
  void a_node_of_another_store_refuses_to_start_on_the_folder() throws Exception {
    firstStoresRun();
    Map<String, String> before = files();

    assertThatThrownBy(() -> Node.start(config(second), clock, n -> Optional.empty()).close())
        .isInstanceOfSatisfying(
            CronstoneException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.POLICY_DENIED);
              assertThat(e.getMessage())
                  .contains(runs.toAbsolutePath().normalize().toString())
                  .contains("store id " + owner(first).storeId());
            });
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void a_folder_from_before_markers_is_claimed_by_the_first_store_that_writes() throws Exception {
    Files.createDirectories(runs.resolve("old-job/000001"));
    Files.writeString(runs.resolve("old-job/000001/run_receipt.json"), "{}\n");

    new ArtifactWriter(config(second).artifacts(), owner(second)).claimFolder();

    assertThat(Files.readString(runs.resolve(ArtifactsOwner.MARKER)))
        .contains("store-id=" + owner(second).storeId());
    assertThatThrownBy(
            () -> new ArtifactWriter(config(first).artifacts(), owner(first)).claimFolder())
        .isInstanceOf(CronstoneException.class);
  }

  @Test
  void run_local_on_another_stores_folder_is_refused_before_the_run_is_recorded() throws Exception {
    firstStoresRun();
    Map<String, String> before = files();
    NodeConfig config = config(second);
    Files.createDirectories(config.jobs().dir());
    Files.writeString(
        config.jobs().dir().resolve("nightly.yaml"),
        "id: nightly\ntask: { type: builtin, name: noop }\n");
    Scheduler scheduler = QuartzSchedulers.create(config, "local-test", second.dataSource());
    try {
      new SpecSync(scheduler, second.dataSource(), clock)
          .run(config.jobs().dir(), SyncOptions.atStart("tester", true));
    } finally {
      scheduler.shutdown(false);
    }

    try (RunService runs = RunService.open(config, clock)) {
      assertThatThrownBy(() -> runs.runLocal("nightly", "tester", "local-x", n -> Optional.empty()))
          .isInstanceOfSatisfying(
              CronstoneException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.POLICY_DENIED);
                assertThat(e.getMessage()).contains("belongs to another store");
              });
    }
    assertThat(new RunLedger(second.dataSource(), clock).run(new RunId("nightly", 1))).isEmpty();
    assertThat(files()).isEqualTo(before);
  }
}
