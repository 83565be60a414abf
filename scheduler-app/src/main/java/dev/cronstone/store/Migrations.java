package dev.cronstone.store;

import java.util.List;
import java.util.Objects;
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
}
