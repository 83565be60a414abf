package dev.cronstone.testing;

import dev.cronstone.store.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh, migrated database and empties its tables before each test ({@code
 * QRTZ_LOCKS} and Flyway's history stay). Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();}</pre>
 *
 * <p>PostgreSQL comes from {@code $CRONSTONE_TEST_PG_URL} (for example {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), else from a throwaway cluster the test JVM
 * starts when PostgreSQL's server binaries are installed ({@link TestPostgres}): each test class
 * gets a schema {@code cs_<random>} of its own, dropped afterwards. With neither, the class is
 * skipped and says why. Sessions run in the JVM's zone, which the build sets to a non-UTC one on
 * purpose.
 */
public final class DatabaseExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  public static final String PG_URL_VARIABLE = TestPostgres.PG_URL_VARIABLE;

  private static final List<String> KEPT_TABLES =
      List.of("qrtz_locks", "cs_lock", "flyway_schema_history");

  private final Kind kind;
  private final List<TestDatabase> extra = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();
  private TestDatabase database;

  private enum Kind {
    H2_MEMORY,
    H2_FILE,
    POSTGRESQL
  }

  private DatabaseExtension(Kind kind) {
    this.kind = kind;
  }

  /** An in-memory H2 database, alive until the class is done. */
  public static DatabaseExtension h2() {
    return new DatabaseExtension(Kind.H2_MEMORY);
  }

  /**
   * An H2 file database in a temporary folder with {@code AUTO_SERVER=TRUE}, for other processes.
   */
  public static DatabaseExtension h2File() {
    return new DatabaseExtension(Kind.H2_FILE);
  }

  /** A schema of its own on the tests' PostgreSQL server ({@link TestPostgres}). */
  public static DatabaseExtension postgresql() {
    return new DatabaseExtension(Kind.POSTGRESQL);
  }

  /** The class's database, migrated. */
  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("the database exists from beforeAll on");
    }
    return database;
  }

  /** Another database of the same kind, empty (not migrated), dropped with the class's. */
  public TestDatabase emptyDatabase() {
    TestDatabase fresh = create();
    extra.add(fresh);
    return fresh;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (kind == Kind.POSTGRESQL && pgUrl() == null) {
      return ConditionEvaluationResult.disabled(TestPostgres.unavailable().orElseThrow());
    }
    return ConditionEvaluationResult.enabled("database available");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = create();
    Migrations.migrate(database.dataSource(), database.dialect());
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      emptyTables(connection);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    extra.forEach(TestDatabase::close);
    if (database != null) {
      database.close();
    }
    cleanups.forEach(Runnable::run);
    extra.clear();
    cleanups.clear();
    database = null;
  }

  private TestDatabase create() {
    String name = "cs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return switch (kind) {
      case H2_MEMORY -> h2Memory(name);
      case H2_FILE -> h2File(name);
      case POSTGRESQL -> postgresSchema(name);
    };
  }

  private TestDatabase h2Memory(String name) {
    String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    cleanups.add(() -> execute(url, "sa", "SHUTDOWN"));
    return new TestDatabase("h2", url, "sa", "");
  }

  private TestDatabase h2File(String name) {
    try {
      Path dir = Files.createTempDirectory("cronstone-h2-");
      String url = "jdbc:h2:file:" + dir.resolve(name) + ";AUTO_SERVER=TRUE";
      cleanups.add(
          () -> {
            execute(url, "sa", "SHUTDOWN");
            deleteTree(dir);
          });
      return new TestDatabase("h2", url, "sa", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TestDatabase postgresSchema(String schema) {
    String base = pgUrl();
    execute(base, null, "CREATE SCHEMA " + schema);
    cleanups.add(() -> execute(base, null, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase("postgresql", url, null, null);
  }

  private static String pgUrl() {
    return TestPostgres.url().orElse(null);
  }

  private void emptyTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        connection
            .getMetaData()
            .getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME");
        if (!KEPT_TABLES.contains(table.toLowerCase(Locale.ROOT))) {
          tables.add(table);
        }
      }
    }
    if (tables.isEmpty()) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      if (database.dialect().equals("postgresql")) {
        statement.execute(
            "TRUNCATE "
                + String.join(", ", tables.stream().map(DatabaseExtension::quoted).toList())
                + " CASCADE");
      } else {
        statement.execute("SET REFERENTIAL_INTEGRITY FALSE");
        for (String table : tables) {
          statement.execute("TRUNCATE TABLE " + quoted(table));
        }
        statement.execute("SET REFERENTIAL_INTEGRITY TRUE");
      }
    }
  }

  private static String quoted(String table) {
    return '"' + table + '"';
  }

  private static void execute(String url, String user, String sql) {
    try (Connection connection =
            user == null
                ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not run '" + sql + "' on the test database: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
