package dev.cronstone.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own ({@code initdb} and {@code pg_ctl} of PostgreSQL 15, run
 * as user {@code postgres} when the test runs as root), on a free port from 55432 up, in a
 * temporary folder: the reliability scenarios that restart PostgreSQL or drop its connections never
 * touch the shared server on 5432, and {@link TestPostgres} starts one for the whole test run when
 * {@code $CRONSTONE_TEST_PG_URL} is not set. Its log is kept under {@code target/<logFolder>} when
 * it closes.
 */
public final class PgCluster implements AutoCloseable {
  public static final Path BIN =
      Path.of(System.getProperty("reliability.pgBin", "/usr/lib/postgresql/15/bin"));

  private final Path dir;
  private final int port;
  private final String logFolder;

  private PgCluster(Path dir, int port, String logFolder) {
    this.dir = dir;
    this.port = port;
    this.logFolder = logFolder;
  }

  /** Why a cluster of our own cannot be made here, if it cannot. */
  public static Optional<String> unavailable() {
    if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
      return Optional.of("no initdb/pg_ctl in " + BIN + " (set -Dreliability.pgBin)");
    }
    if (root() && !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
      return Optional.of("running as root without /usr/sbin/runuser to become postgres");
    }
    return Optional.empty();
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A new cluster, started; its log goes to {@code target/reliability} when it closes. */
  public static PgCluster create() throws IOException, InterruptedException {
    return create("reliability");
  }

  /** A new cluster, started; its log goes to {@code target/<logFolder>} when it closes. */
  public static PgCluster create(String logFolder) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("cronstone-pg-");
    if (root()) {
      exec(List.of("chown", "-R", "postgres", dir.toString()));
    }
    PgCluster cluster = new PgCluster(dir, freePort(), logFolder);
    cluster.pg(
        "initdb", "-D", cluster.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
    cluster.start();
    return cluster;
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  public int port() {
    return port;
  }

  /** A JDBC URL of a new database on this cluster. */
  public String createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  public void start() throws IOException, InterruptedException {
    pg(
        "pg_ctl",
        "-D",
        data(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
        "start");
  }

  /** A fast shutdown: connections are closed, the server stops. */
  public void stop() throws IOException, InterruptedException {
    pg("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  /**
   * A crash of the server: an immediate stop aborts every server process without a checkpoint, and
   * what its log buffers held unwritten (commits that did not wait for the disk) is lost; the next
   * start recovers from the log.
   */
  public void crash() throws IOException, InterruptedException {
    pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "-t", "60", "stop");
  }

  /** Terminates every connection whose application name starts with {@code prefix}. */
  public int terminateBackends(String prefix) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name LIKE '"
                    + prefix.replace("'", "''")
                    + "%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  public String log() throws IOException {
    Path log = dir.resolve("postgres.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void pg(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    command.add(BIN.resolve(program).toString());
    command.addAll(List.of(args));
    exec(command);
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    for (int port = 55432; port < 55532; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IOException("no free port in 55432-55531");
  }

  @Override
  public void close() throws Exception {
    try {
      pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    } catch (IOException alreadyStopped) {
      // nothing to stop
    }
    Path keep = Files.createDirectories(Path.of("target", logFolder));
    Files.writeString(keep.resolve("postgres-" + port + ".log"), log());
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
