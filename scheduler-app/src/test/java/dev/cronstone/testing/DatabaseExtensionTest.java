package dev.cronstone.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseExtensionTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Test
  @Order(1)
  void the_file_database_is_migrated_and_shared_through_auto_server() throws SQLException {
    assertThat(DB.database().url()).contains("AUTO_SERVER=TRUE");
    execute(
        "INSERT INTO cs_job (job_id, spec_json, spec_hash, enabled, created_at, updated_at) "
            + "VALUES ('a', '{}', '"
            + "0".repeat(64)
            + "', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    assertThat(count("cs_job")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void each_test_starts_with_empty_tables_but_the_seeded_locks() throws SQLException {
    assertThat(count("cs_job")).isZero();
    assertThat(count("QRTZ_LOCKS")).isEqualTo(2);
  }

  @Test
  void tests_run_in_a_zone_other_than_utc() {
    assertThat(ZoneId.systemDefault().getId()).isNotIn("UTC", "Z", "GMT", "Etc/UTC");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DB.database().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int count(String table) throws SQLException {
    try (Connection connection = DB.database().dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
