package dev.cronstone.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Refreshes PostgreSQL's planner statistics after a sync wrote many jobs (docs/performance.md,
 * "Tuning log": on a freshly created schema the planner otherwise picks the wrong indexes after a
 * large first sync, and trigger acquisition slows down). Other databases need nothing.
 */
final class Statistics {
  /** Writes from which a sync runs ANALYZE. */
  static final int BULK_WRITES = 500;

  private static final List<String> TABLES =
      List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "cs_job");

  private Statistics() {}

  /**
   * Runs ANALYZE on the tables sync writes, on PostgreSQL, when {@code writes} reaches {@link
   * #BULK_WRITES}.
   */
  static boolean refreshAfter(DataSource dataSource, int writes) throws SQLException {
    return writes >= BULK_WRITES && refresh(dataSource);
  }

  /**
   * Runs ANALYZE on the tables sync writes, on PostgreSQL. Also between the first chunk of a large
   * sync and the rest: a fresh table's foreign-key checks are planned for an empty table (a scan of
   * the referenced table per row), and are re-planned with an index once the statistics say the
   * table has rows; without it, 10,000 new jobs take four times as long.
   */
  static boolean refresh(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection
          .getMetaData()
          .getDatabaseProductName()
          .toLowerCase(Locale.ROOT)
          .contains("postgres")) {
        return false;
      }
      try (Statement statement = connection.createStatement()) {
        for (String table : TABLES) {
          statement.execute("ANALYZE " + table);
        }
      }
      return true;
    }
  }
}
