package dev.cronstone.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.config.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One command's steps share its sessions: a closed connection is handed to the next step. */
class DirectDataSourceTest {
  private final StoreConfig store =
      new StoreConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
  private final DirectDataSource shared = new DirectDataSource(store, DirectDataSource.MAX_IDLE);

  @AfterEach
  void close() throws SQLException {
    shared.close();
    try (Connection c = new DirectDataSource(store, 0).getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Test
  void a_closed_connection_is_handed_out_again() throws SQLException {
    int first;
    try (Connection c = shared.getConnection()) {
      first = session(c);
    }
    try (Connection c = shared.getConnection()) {
      assertThat(session(c)).isEqualTo(first);
    }
  }

  @Test
  void connections_used_at_once_are_different_sessions_and_both_kept() throws SQLException {
    int a;
    int b;
    try (Connection one = shared.getConnection();
        Connection two = shared.getConnection()) {
      a = session(one);
      b = session(two);
    }
    assertThat(a).isNotEqualTo(b);
    try (Connection one = shared.getConnection();
        Connection two = shared.getConnection()) {
      assertThat(java.util.Set.of(session(one), session(two))).containsExactlyInAnyOrder(a, b);
    }
  }

  @Test
  void an_open_transaction_is_rolled_back_and_auto_commit_restored() throws SQLException {
    try (Connection c = shared.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INT)");
    }
    try (Connection c = shared.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (1)");
    }
    try (Connection c = shared.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM t")) {
      assertThat(c.getAutoCommit()).isTrue();
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }

  @Test
  void a_session_whose_settings_changed_is_not_reused() throws SQLException {
    int first;
    try (Connection c = shared.getConnection()) {
      first = session(c);
      c.setReadOnly(true);
    }
    try (Connection c = shared.getConnection()) {
      assertThat(c.isReadOnly()).isFalse();
      assertThat(session(c)).isNotEqualTo(first);
    }
  }

  @Test
  void a_closed_connection_cannot_be_used_and_closing_twice_is_harmless() throws SQLException {
    Connection c = shared.getConnection();
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class);
  }

  @Test
  void without_sharing_every_call_is_a_new_session() throws SQLException {
    DirectDataSource direct = new DirectDataSource(store, 0);
    int first;
    try (Connection c = direct.getConnection()) {
      first = session(c);
    }
    try (Connection c = direct.getConnection()) {
      assertThat(session(c)).isNotEqualTo(first);
    }
  }

  private static int session(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT SESSION_ID()")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
