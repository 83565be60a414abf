package dev.cronstone.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time spent by this JVM and by the PostgreSQL backends serving one database, read at two
 * instants. The JVM's comes from the platform MX bean; the database's is the sum of user and system
 * time of the local {@code postgres} processes whose title names the database (Linux {@code /proc},
 * so only a server on this machine is measured; a backend that exits between the two readings is
 * not counted). Shared server processes (WAL writer, checkpointer) are left out: other databases
 * use them too.
 */
final class CpuMeter {
  private static final Pattern PG_DATABASE = Pattern.compile("^jdbc:postgresql://[^/]+/([^?]+)");
  private static final double TICKS_PER_MS = 100.0 / 1000.0; // USER_HZ is 100 on Linux

  /** CPU milliseconds at one instant: the JVM's, and the database's when it can be read. */
  record Reading(double jvmMs, Optional<Double> dbMs) {
    /** What was spent from {@code earlier} to this reading. */
    Reading since(Reading earlier) {
      Optional<Double> db =
          dbMs.isPresent() && earlier.dbMs.isPresent()
              ? Optional.of(dbMs.get() - earlier.dbMs.get())
              : Optional.empty();
      return new Reading(jvmMs - earlier.jvmMs, db);
    }
  }

  private final Optional<String> database;

  /**
   * @param url the store's JDBC URL: a PostgreSQL URL names the database whose backends are summed;
   *     an H2 URL runs in this JVM, so the JVM's time includes the database's
   */
  CpuMeter(String url) {
    Matcher m = PG_DATABASE.matcher(url);
    this.database =
        m.find() && Files.isDirectory(Path.of("/proc/self"))
            ? Optional.of(m.group(1))
            : Optional.empty();
  }

  Reading read() {
    double jvm = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      jvm = os.getProcessCpuTime() / 1_000_000.0;
    }
    return new Reading(jvm, database.map(this::backendsMs));
  }

  private double backendsMs(String db) {
    long ticks = 0;
    String marker = " " + db + " ";
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          String title =
              new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          if (!title.startsWith("postgres: ") || !title.contains(marker)) {
            continue;
          }
          String stat = Files.readString(proc.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException gone) {
          // the process ended while it was read, or is not ours to read: not counted
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ticks / TICKS_PER_MS;
  }
}
