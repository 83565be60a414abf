package dev.cronstone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick variant of every scenario, with tiny sizes, on H2 and (when {@code
 * $CRONSTONE_TEST_PG_URL} is set) PostgreSQL: each runs to its end and writes a valid JSON result.
 * It asserts nothing about speed. Needs the packaged {@code cronstone.jar} (the scenarios that
 * start nodes run {@code bin/jobs}), hence an integration test.
 */
class BenchIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void every_scenario_runs_on_h2_and_writes_its_json() throws Exception {
    run("throughput", "h2", "--jobs", "20", "--rounds", "1");
    run("lateness", "h2", "--jobs", "20", "--minutes", "0.1", "--warmup", "PT2S");
    run("burst", "h2", "--jobs", "10", "--minutes", "0.05", "--warmup", "PT1S");
    run("overload", "h2", "--jobs", "5", "--minutes", "0.05", "--warmup", "PT1S");
    run("run-now", "h2", "--requests", "2", "--cli", "1");
    run("scale", "h2", "--jobs", "50", "--repeat", "1");
    run("sync", "h2", "--jobs", "20");
    run("ledger", "h2", "--runs", "200", "--jobs", "4", "--reps", "1", "--cli-repeat", "1");
  }

  @Test
  void every_scenario_runs_on_postgresql_and_writes_its_json() throws Exception {
    String pg = System.getenv("CRONSTONE_TEST_PG_URL");
    Assumptions.assumeTrue(pg != null && !pg.isBlank(), "$CRONSTONE_TEST_PG_URL is not set");
    run("throughput", "postgresql", "--jobs", "20", "--rounds", "1");
    JsonNode kept =
        run(
            "throughput",
            "postgresql",
            "--jobs",
            "20",
            "--rounds",
            "2",
            "--contenders",
            "cronstone",
            "--keep-node");
    assertThat(kept.path("rows")).hasSize(2); // the kept node ran its second round too
    run("lateness", "postgresql", "--jobs", "20", "--minutes", "0.1", "--warmup", "PT2S");
    run("run-now", "postgresql", "--requests", "2", "--cli", "1");
    run("failover", "postgresql", "--repetitions", "1");
    JsonNode cluster =
        run("cluster", "postgresql", "--jobs", "3", "--seconds", "3", "--warmup", "PT1S");
    assertThat(cluster.path("summary").path("expected_fires").asLong()).isEqualTo(9);
    assertThat(cluster.path("summary").path("executed_twice").asLong()).isZero();
    run("scale", "postgresql", "--jobs", "50", "--repeat", "1");
    run("sync", "postgresql", "--jobs", "20");
    run("ledger", "postgresql", "--runs", "200", "--jobs", "4", "--reps", "1", "--cli-repeat", "1");
  }

  private JsonNode run(String scenario, String db, String... options) throws Exception {
    Path file = out.resolve(scenario + "-" + db + ".json");
    List<String> args = new ArrayList<>(List.of(scenario, "--db", db, "--out", file.toString()));
    if (db.equals("postgresql")) {
      args.addAll(List.of("--pg", System.getenv("CRONSTONE_TEST_PG_URL")));
      args.addAll(List.of("--schema-prefix", "bt" + UUID.randomUUID().toString().substring(0, 8)));
    }
    args.addAll(List.of(options));
    int exit = Bench.run(args.toArray(String[]::new));
    assertThat(exit).as(scenario + " on " + db + " exit code").isZero();
    assertThat(file).exists();
    JsonNode result = JSON.readTree(Files.readString(file));
    assertThat(result.path("scenario").asText()).isEqualTo(scenario);
    assertThat(result.path("machine").isObject()).isTrue();
    assertThat(result.path("parameters").path("db").asText()).isEqualTo(db);
    assertThat(result.path("summary").isObject()).isTrue();
    assertThat(result.path("rows").isArray()).isTrue();
    return result;
  }
}
