package dev.cronstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every scenario takes, and the databases it made (dropped at the end unless kept). */
final class Common {
  @Option(names = "--db", description = "postgresql (default) or h2", defaultValue = "postgresql")
  String db;

  @Option(
      names = "--pg",
      description =
          "PostgreSQL JDBC URL of the benchmark database (created when missing); default"
              + " $CRONSTONE_BENCH_PG_URL or "
              + Stores.DEFAULT_PG_URL)
  String pg;

  @Option(
      names = "--schema-prefix",
      description = "prefix of the schemas made on PostgreSQL (default bench)",
      defaultValue = "bench")
  String schemaPrefix;

  @Option(
      names = "--out",
      description = "where the JSON result goes (default target/bench/<scenario>.json)")
  Path out;

  @Option(names = "--keep", description = "keep the schemas and files made (for inspection)")
  boolean keep;

  private final List<String> schemas = new ArrayList<>();
  private Path work;

  String pgBase() {
    return Stores.pgBase(pg);
  }

  boolean postgres() {
    if (!db.equals("postgresql") && !db.equals("h2")) {
      throw new IllegalArgumentException("--db must be postgresql or h2, got " + db);
    }
    return db.equals("postgresql");
  }

  /** A fresh store named {@code name}: a PostgreSQL schema, or an H2 file in the work folder. */
  String store(String name) throws Exception {
    if (postgres()) {
      String schema = schemaPrefix + "_" + name.replace('-', '_');
      schemas.add(schema);
      return Stores.freshSchema(pgBase(), schema);
    }
    return Stores.h2File(work().resolve("h2-" + name), name);
  }

  /**
   * The PostgreSQL store {@code name} as a previous run with {@code --keep} left it (not emptied,
   * kept again at the end).
   */
  String existingStore(String name) {
    if (!postgres()) {
      throw new IllegalArgumentException("reusing a store needs --db postgresql");
    }
    keep = true;
    String base = pgBase();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schemaPrefix + "_" + name;
  }

  /** The scenario's scratch folder (artifacts, spec files, configs, logs). */
  Path work() throws IOException {
    if (work == null) {
      work = Files.createTempDirectory("cronstone-bench-");
    }
    return work;
  }

  Map<String, Object> machine() {
    Map<String, Object> m = Machine.describe();
    if (postgres()) {
      m.put("database", Stores.pgVersion(pgBase()));
    } else {
      m.put("database", "H2 " + org.h2.engine.Constants.VERSION);
    }
    return m;
  }

  /** Prints the table, writes the JSON, cleans up; returns the process exit code. */
  int finish(Report report, String scenario) throws IOException {
    report.print(System.out);
    Path file = out != null ? out : Path.of("target", "bench", scenario + ".json");
    report.write(file);
    System.out.println("json: " + file.toAbsolutePath());
    cleanUp();
    return 0;
  }

  void cleanUp() {
    if (keep) {
      System.out.println("kept: schemas " + schemas + ", files " + work);
      return;
    }
    schemas.forEach(s -> Stores.dropSchema(pgBase(), s));
    schemas.clear();
    if (work != null) {
      Files2.deleteTree(work);
    }
  }
}
