package dev.cronstone.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases the benchmarks use: a PostgreSQL database of their own (created when missing), one
 * schema per contender or scenario, or an H2 file in a temporary folder.
 */
final class Stores {
  static final String PG_URL_VARIABLE = "CRONSTONE_BENCH_PG_URL";
  static final String DEFAULT_PG_URL =
      "jdbc:postgresql://127.0.0.1:5432/cronstone_bench?user=postgres";

  private static final Pattern PG_DATABASE =
      Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(.*)$");

  private Stores() {}

  /** The PostgreSQL URL to use: the option, else {@code $CRONSTONE_BENCH_PG_URL}, else default. */
  static String pgBase(String option) {
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    String env = System.getenv(PG_URL_VARIABLE);
    return env == null || env.isBlank() ? DEFAULT_PG_URL : env.trim();
  }

  /** Creates the URL's database when it does not exist (connecting to {@code postgres}). */
  static void ensureDatabase(String url) throws SQLException {
    try (Connection ignored = DriverManager.getConnection(url)) {
      return;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) {
        throw e;
      }
    }
    Matcher m = PG_DATABASE.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot tell the database of " + url);
    }
    String admin = m.group(1) + "postgres" + m.group(3);
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + identifier(m.group(2)));
    }
  }

  /** Drops and creates {@code schema}; returns the URL whose current schema it is. */
  static String freshSchema(String base, String schema) throws SQLException {
    ensureDatabase(base);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + identifier(schema) + " CASCADE");
      s.execute("CREATE SCHEMA " + identifier(schema));
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void dropSchema(String base, String schema) {
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + identifier(schema) + " CASCADE");
    } catch (SQLException e) {
      System.err.println("warning: could not drop schema " + schema + ": " + e.getMessage());
    }
  }

  /** An H2 file database in {@code dir}, reachable by other processes. */
  static String h2File(Path dir, String name) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name) + ";AUTO_SERVER=TRUE";
  }

  static String dialect(String url) {
    return url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
  }

  /** The user a node config names: empty for PostgreSQL (the URL says it), {@code sa} for H2. */
  static String user(String url) {
    return dialect(url).equals("h2") ? "sa" : "";
  }

  static HikariDataSource pool(String name, String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user(url));
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    return new HikariDataSource(config);
  }

  /**
   * A pool for bulk loading: on PostgreSQL the driver rewrites JDBC batches of inserts into
   * multi-row inserts ({@code reWriteBatchedInserts}).
   */
  static HikariDataSource loaderPool(String name, String url) {
    if (!dialect(url).equals("postgresql")) {
      return pool(name, url, 3);
    }
    return pool(name, url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", 3);
  }

  static String pgVersion(String base) {
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    } catch (SQLException e) {
      return "unknown: " + e.getMessage();
    }
  }

  /**
   * Runs a SQL script from the class path, statement by statement ({@code --} comments skipped).
   */
  static void runScript(Connection connection, String resource) throws SQLException {
    for (String sql : statements(resource)) {
      try (Statement s = connection.createStatement()) {
        s.execute(sql);
      }
    }
  }

  static List<String> statements(String resource) {
    String text;
    try (InputStream in = Stores.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder clean = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String part : clean.toString().split(";")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  static long count(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String identifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain identifier: " + name);
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
