package dev.cronstone.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * A node-like process that opens runs on a shared ledger from {@value #THREADS} threads at once,
 * for the run-numbering test: {@code main(url, user, password, name, barrierDir, iterations)}.
 * Every thread, at iteration {@code i}, opens
 *
 * <ul>
 *   <li>{@code i % 3 == 0}: a scheduled run of shared fire {@code k} (job {@code race-(k % 2)},
 *       fire {@code SHARED + k minutes}), which every thread of every process also opens, each in
 *       an order of its own, so that processes really race for them (one opener wins);
 *   <li>{@code i % 3 == 1}: a scheduled run of a fire of its own (job {@code race-(i % 2)});
 *   <li>{@code i % 3 == 2}: a manual run (job {@code race-(i % 2)}).
 * </ul>
 *
 * It prints one line per open, {@code opened <runId> <kind> <fire epoch ms>} or {@code refused
 * <jobId> <fire epoch ms>}, and waits at a file barrier with the other processes before it starts.
 */
final class LedgerProcess {
  static final int THREADS = 4;
  static final Instant SHARED = Instant.parse("2026-03-29T00:00:00Z");
  static final Instant OWN = Instant.parse("2027-01-01T00:00:00Z");
  static final int PROCESSES = 2;

  private final Process process;
  private final Path out;
  private final Path err;

  private LedgerProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static String jobOf(int i) {
    return "race-" + (i % 2);
  }

  /** How many shared fires there are: one per third iteration. */
  static int sharedFires(int iterations) {
    return (iterations + 2) / 3;
  }

  static Instant sharedFire(int k) {
    return SHARED.plusSeconds(60L * k);
  }

  /** A fire of thread {@code thread} of process {@code name} alone. */
  static Instant ownFire(String name, int thread, int iteration) {
    return OWN.plusSeconds(
        Math.abs(name.hashCode() % 1000) * 100_000L + thread * 1_000L + iteration);
  }

  static LedgerProcess start(
      Path dir, String name, String url, String user, String password, int iterations)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            java.toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Duser.timezone=" + System.getProperty("user.timezone"),
            "-cp",
            System.getProperty("java.class.path"),
            LedgerProcess.class.getName(),
            url,
            user,
            password,
            name,
            dir.toString(),
            Integer.toString(iterations));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    return new LedgerProcess(
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start(),
        out,
        err);
  }

  /** Waits for the end and returns the printed lines; fails on a non-zero exit. */
  List<String> await() throws IOException, InterruptedException {
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "ledger process did not finish within 180 s: " + Files.readString(err));
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "ledger process exited " + process.exitValue() + ":\n" + Files.readString(err));
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    String name = args[3];
    Path dir = Path.of(args[4]);
    int iterations = Integer.parseInt(args[5]);
    HikariConfig config = new HikariConfig();
    config.setPoolName("ledger-" + name);
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(THREADS);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      RunLedger ledger = new RunLedger(dataSource, Clock.systemUTC());
      dataSource.getConnection().close();
      barrier(dir, name);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> work(ledger, name, thread, iterations)));
      }
      for (Future<List<String>> result : results) {
        result.get().forEach(out::println);
      }
      pool.shutdown();
    }
  }

  private static List<String> work(RunLedger ledger, String name, int thread, int iterations) {
    List<String> lines = new ArrayList<>();
    String requester = name + "/" + thread;
    List<Integer> shared =
        new ArrayList<>(IntStream.range(0, sharedFires(iterations)).boxed().toList());
    Collections.shuffle(shared, new Random(name.hashCode() * 31L + thread));
    for (int i = 0; i < iterations; i++) {
      String job = jobOf(i);
      switch (i % 3) {
        case 0 -> {
          int k = shared.get(i / 3);
          job = jobOf(k);
          Instant fire = sharedFire(k);
          Optional<Run> run = ledger.openScheduled(job, RunKind.SCHEDULED, fire, requester);
          String refused = "refused " + job + " " + fire.toEpochMilli();
          lines.add(
              run.map(r -> "opened " + r.id() + " scheduled " + fire.toEpochMilli())
                  .orElse(refused));
        }
        case 1 -> {
          Instant fire = ownFire(name, thread, i);
          Run run = ledger.openScheduled(job, RunKind.SCHEDULED, fire, requester).orElseThrow();
          lines.add("opened " + run.id() + " scheduled " + fire.toEpochMilli());
        }
        default -> {
          Run run =
              ledger.openManual(job, RunKind.MANUAL, Instant.now(), Optional.empty(), requester);
          lines.add("opened " + run.id() + " manual -");
        }
      }
    }
    return lines;
  }

  /** Announces this process ready and waits (up to a minute) until all {@value #PROCESSES} are. */
  private static void barrier(Path dir, String name) throws IOException {
    Files.writeString(dir.resolve(name + ".ready"), "ready");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (countReady(dir) < PROCESSES) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the other ledger processes never got ready");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static long countReady(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ready")).count();
    }
  }
}
