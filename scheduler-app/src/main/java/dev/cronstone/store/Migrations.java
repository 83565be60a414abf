package dev.cronstone.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema under {@code sql/<dialect>/} (packaged as {@code db/migration/<dialect>}) with
 * Flyway. Safe to run from several nodes at once: Flyway serialises them on its own lock.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  static final String LOCATION_ROOT = "classpath:db/migration/";
  private static final String FOLDER_ROOT = "db/migration/";
  private static final Pattern SCRIPT = Pattern.compile("(?:.*/)?V([0-9][0-9_.]*)__[^/]*\\.sql");

  private Migrations() {}

  /**
   * Brings the store's schema up to date.
   *
   * @param dialect {@code h2} or {@code postgresql}, as {@code StoreConfig.dialect()} says
   * @return the number of migrations applied now (0 when the schema was already current)
   */
  public static int migrate(DataSource dataSource, String dialect) {
    return apply(dataSource, dialect).size();
  }

  /** One migration applied: its version ({@code 4}) and description ({@code cronstone nodes}). */
  public record Applied(String version, String description) {
    public Applied {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * Brings the store's schema up to date and says which migrations that took.
   *
   * @return the migrations applied now, oldest first (empty when the schema was already current)
   */
  public static List<Applied> apply(DataSource dataSource, String dialect) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(dialect, "dialect");
    Flyway flyway =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION_ROOT + dialect)
            .failOnMissingLocations(true)
            .cleanDisabled(true)
            .load();
    List<Applied> applied =
        flyway.migrate().migrations.stream()
            .map(m -> new Applied(m.version, m.description))
            .toList();
    LOG.info("store schema ({}) is current; {} migration(s) applied now", dialect, applied.size());
    return applied;
  }

  /**
   * Whether every migration packaged for {@code dialect} is applied, and applied successfully,
   * according to Flyway's history table: one query, without starting Flyway. Any doubt (no history
   * table, a failed row, the packaged scripts not listable) answers false, and the caller runs
   * {@link #apply}. A node's start always runs Flyway in full, which also checks the applied
   * scripts' checksums; one-shot CLI writes use this to skip Flyway's start-up when nothing is
   * pending.
   */
  public static boolean current(DataSource dataSource, String dialect) {
    Set<String> packaged = packagedVersions(dialect);
    if (packaged.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
      while (rs.next()) {
        if (!rs.getBoolean(2)) {
          return false;
        }
        if (rs.getString(1) != null) {
          applied.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      return false;
    }
    return applied.containsAll(packaged);
  }

  /** The versions of the scripts under {@code db/migration/<dialect>} ({@code V10__x.sql}: 10). */
  static Set<String> packagedVersions(String dialect) {
    String folder = FOLDER_ROOT + dialect;
    URL url = Migrations.class.getClassLoader().getResource(folder);
    Set<String> versions = new HashSet<>();
    if (url == null) {
      return versions;
    }
    try {
      if (url.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          jar.stream()
              .filter(e -> e.getName().startsWith(folder + "/"))
              .forEach(e -> version(e.getName(), versions));
        }
      } else if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.forEach(f -> version(f.getFileName().toString(), versions));
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      versions.clear();
    }
    return versions;
  }

  private static void version(String name, Set<String> versions) {
    Matcher m = SCRIPT.matcher(name);
    if (m.matches()) {
      versions.add(m.group(1).replace('_', '.'));
    }
  }
}
