package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transactions under Quartz's lock commit without waiting for the disk, and only they: the
 * setting ends with the transaction, so a pooled connection's next transaction (a ledger write)
 * waits for its flush again (docs/architecture.md, "Commits under Quartz's lock").
 */
class PostgresCommitModeTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Test
  void the_relaxed_commit_lasts_one_transaction() throws Exception {
    try (Connection c = DB.database().dataSource().getConnection()) {
      String before = mode(c);
      c.setAutoCommit(false);
      new CronstonePostgresDelegate().commitWithoutWaitingForDisk(c);
      assertThat(mode(c)).isEqualTo("off");
      c.commit();
      c.setAutoCommit(true);
      assertThat(mode(c)).isEqualTo(before).isNotEqualTo("off");
    }
  }

  private static String mode(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
