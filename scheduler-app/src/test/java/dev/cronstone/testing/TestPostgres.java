package dev.cronstone.testing;

import java.util.Optional;

/**
 * The PostgreSQL server the tests use, decided once per test JVM: the database {@code
 * $CRONSTONE_TEST_PG_URL} names; else, when PostgreSQL's server binaries are installed ({@link
 * PgCluster#unavailable}), a throwaway cluster of this JVM's own with a database {@code test},
 * stopped and deleted when the JVM exits; else none, with the reason the tests that need it report
 * when they are skipped.
 */
public final class TestPostgres {
  public static final String PG_URL_VARIABLE = "CRONSTONE_TEST_PG_URL";

  private static String url;
  private static String unavailable;

  private TestPostgres() {}

  /** The JDBC URL of the test database, when there is one. */
  public static synchronized Optional<String> url() {
    if (url == null && unavailable == null) {
      decide();
    }
    return Optional.ofNullable(url);
  }

  /** Why there is no PostgreSQL for the tests (empty when there is one). */
  public static synchronized Optional<String> unavailable() {
    url();
    return Optional.ofNullable(unavailable);
  }

  private static void decide() {
    String given = System.getenv(PG_URL_VARIABLE);
    if (given != null && !given.isBlank()) {
      url = given.trim();
      return;
    }
    Optional<String> why = PgCluster.unavailable();
    if (why.isPresent()) {
      unavailable =
          "no PostgreSQL: $"
              + PG_URL_VARIABLE
              + " is not set and "
              + why.get()
              + " to start a throwaway one";
      return;
    }
    try {
      PgCluster cluster = PgCluster.create("test-postgres");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop(cluster), "cronstone-test-postgres-stop"));
      url = cluster.createDatabase("test");
      System.out.println(
          "[cronstone] $"
              + PG_URL_VARIABLE
              + " is not set: PostgreSQL tests use a throwaway cluster on port "
              + cluster.port());
    } catch (Exception e) {
      unavailable =
          "no PostgreSQL: $"
              + PG_URL_VARIABLE
              + " is not set and a throwaway cluster could not be started: "
              + e.getMessage();
    }
  }

  private static void stop(PgCluster cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      System.err.println("could not stop the tests' PostgreSQL cluster: " + e.getMessage());
    }
  }
}
