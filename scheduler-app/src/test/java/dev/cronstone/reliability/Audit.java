package dev.cronstone.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Compares what the jobs did (one line {@code jobId fireTime nodeId} per execution, written by the
 * task itself) with what the ledger holds, for the intended fire instants of one window.
 */
final class Audit {
  record RunRow(String job, long runNo, long fireKey, String status, String error) {}

  record AttemptRow(
      String job,
      long runNo,
      int attemptNo,
      String kind,
      String owner,
      Instant startedAt,
      boolean ended,
      String outcome,
      boolean superseded,
      long fireKey) {}

  record Execution(String job, long fireKey, String node) {}

  /** The target of a fault of the database rather than of a node. */
  static final String STORE = "store";

  private final DataSource dataSource;
  private final Path fires;
  private final Map<String, Integer> everySeconds;

  /**
   * @param everySeconds each job of the load and its period in seconds (its fires are the instants
   *     whose epoch second is a multiple of it)
   */
  Audit(DataSource dataSource, Path fires, Map<String, Integer> everySeconds) {
    this.dataSource = dataSource;
    this.fires = fires;
    this.everySeconds = Map.copyOf(everySeconds);
  }

  /** Runs of the window still queued or running, plus attempts of it still running. */
  long notEnded(Instant from, Instant to) throws SQLException {
    return runs(from, to).stream().filter(r -> !terminal(r.status())).count()
        + attempts(from, to).stream().filter(a -> !a.ended()).count();
  }

  /** Runs the ledger holds for the window. */
  long recorded(Instant from, Instant to) throws SQLException {
    return runs(from, to).size();
  }

  long intended(Instant from, Instant to) {
    long total = 0;
    for (int period : everySeconds.values()) {
      for (long s = from.getEpochSecond(); s < to.getEpochSecond(); s++) {
        total += s % period == 0 ? 1 : 0;
      }
    }
    return total;
  }

  Figures figures(String scenario, Load load, List<Fault> faults, Instant from, Instant to)
      throws SQLException, IOException {
    // The jobs' lines first, the ledger second: an attempt is committed before its task starts, so
    // every line read here has its attempt in the ledger read after it, even while the cluster is
    // still working through the window (read the other way round, attempts started in between
    // would count as executions outside the ledger).
    List<Execution> lines = executions(from, to);
    List<RunRow> runs = runs(from, to);
    List<AttemptRow> attempts = attempts(from, to);
    Map<String, RunRow> runByFire = new HashMap<>();
    runs.forEach(r -> runByFire.put(r.job() + "@" + r.fireKey(), r));
    long lost = 0;
    for (Map.Entry<String, Integer> job : everySeconds.entrySet()) {
      for (long s = from.getEpochSecond(); s < to.getEpochSecond(); s++) {
        if (s % job.getValue() == 0 && !runByFire.containsKey(job.getKey() + "@" + s * 1000)) {
          lost++;
        }
      }
    }
    Map<String, Long> executionsByRunAndNode = new HashMap<>();
    Map<String, Long> executionsByRun = new HashMap<>();
    long executions = 0;
    for (Execution e : lines) {
      executions++;
      executionsByRunAndNode.merge(e.job() + "@" + e.fireKey() + "@" + e.node(), 1L, Long::sum);
      executionsByRun.merge(e.job() + "@" + e.fireKey(), 1L, Long::sum);
    }
    Map<String, Long> attemptsByRunAndNode = new HashMap<>();
    attempts.forEach(
        a ->
            attemptsByRunAndNode.merge(
                a.job() + "@" + a.fireKey() + "@" + a.owner(), 1L, Long::sum));
    long notInLedger = 0;
    for (Map.Entry<String, Long> e : executionsByRunAndNode.entrySet()) {
      notInLedger += Math.max(0, e.getValue() - attemptsByRunAndNode.getOrDefault(e.getKey(), 0L));
    }
    long duplicates = executionsByRun.values().stream().filter(n -> n > 1).count();
    long falseRecoveries =
        attempts.stream()
            .filter(a -> a.superseded() && a.ended() && !"abandoned".equals(a.outcome()))
            .count();
    long recoveries = attempts.stream().filter(a -> a.kind().equals("recovery")).count();
    long skipped = runs.stream().filter(r -> r.status().equals("skipped")).count();
    long skippedByMisfire =
        runs.stream()
            .filter(r -> r.status().equals("skipped") && r.error().contains("job_skipped_misfire"))
            .count();
    Set<String> bad = Set.of("failed", "timed_out", "cancelled", "abandoned");
    long unsuccessful = runs.stream().filter(r -> bad.contains(r.status())).count();
    Set<String> falselySuspected = new HashSet<>();
    attempts.stream()
        .filter(a -> a.superseded() && a.ended() && !"abandoned".equals(a.outcome()))
        .forEach(a -> falselySuspected.add(a.job() + "#" + a.runNo()));
    long unsuccessfulNotFalselySuspected =
        runs.stream()
            .filter(r -> bad.contains(r.status()))
            .filter(r -> !falselySuspected.contains(r.job() + "#" + r.runNo()))
            .count();
    long notEnded =
        runs.stream().filter(r -> !terminal(r.status())).count()
            + attempts.stream().filter(a -> !a.ended()).count();
    List<Long> lateness =
        attempts.stream()
            .filter(a -> a.attemptNo() == 1)
            .map(a -> a.startedAt().toEpochMilli() - a.fireKey())
            .sorted()
            .toList();
    return new Figures(
        scenario,
        load,
        List.copyOf(faults),
        intended(from, to),
        runs.size(),
        lost,
        skipped,
        skippedByMisfire,
        executions,
        notInLedger,
        duplicates,
        falseRecoveries,
        recoveries,
        notEnded,
        unsuccessful,
        unsuccessfulNotFalselySuspected,
        new long[] {percentile(lateness, 50), percentile(lateness, 99), percentile(lateness, 100)},
        recoveryTimes(attempts, faults));
  }

  /**
   * For every recovery attempt: the time from the latest fault of the node that ran the attempt
   * before it, to the recovery attempt's start.
   */
  private static long[] recoveryTimes(List<AttemptRow> attempts, List<Fault> faults) {
    Map<String, AttemptRow> byKey = new HashMap<>();
    attempts.forEach(a -> byKey.put(a.job() + "#" + a.runNo() + "/" + a.attemptNo(), a));
    List<Long> took = new ArrayList<>();
    for (AttemptRow a : attempts) {
      if (!a.kind().equals("recovery")) {
        continue;
      }
      AttemptRow before = byKey.get(a.job() + "#" + a.runNo() + "/" + (a.attemptNo() - 1));
      if (before == null) {
        continue;
      }
      faults.stream()
          .filter(f -> f.target().equals(before.owner()) && !f.at().isAfter(a.startedAt()))
          .max(Comparator.comparing(Fault::at))
          .ifPresent(f -> took.add(a.startedAt().toEpochMilli() - f.at().toEpochMilli()));
    }
    // A store fault: from the moment it was over (the server back, the connections dropped) to the
    // first attempt that started after it.
    for (Fault f : faults) {
      if (f.target().equals(STORE)) {
        attempts.stream()
            .map(AttemptRow::startedAt)
            .filter(t -> !t.isBefore(f.at()))
            .min(Comparator.naturalOrder())
            .ifPresent(t -> took.add(t.toEpochMilli() - f.at().toEpochMilli()));
      }
    }
    List<Long> sorted = took.stream().sorted().toList();
    return sorted.isEmpty()
        ? new long[0]
        : new long[] {percentile(sorted, 50), percentile(sorted, 100)};
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static boolean terminal(String status) {
    return !status.equals("queued") && !status.equals("running");
  }

  List<RunRow> runs(Instant from, Instant to) throws SQLException {
    List<RunRow> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT job_id, run_no, fire_key, status, error_json FROM cs_run"
                    + " WHERE fire_key >= ? AND fire_key < ? AND kind IN ('scheduled', 'catch_up')")) {
      q.setLong(1, from.toEpochMilli());
      q.setLong(2, to.toEpochMilli());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new RunRow(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getString(4),
                  rs.getString(5) == null ? "" : rs.getString(5)));
        }
      }
    }
    return rows;
  }

  List<AttemptRow> attempts(Instant from, Instant to) throws SQLException {
    List<AttemptRow> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT a.job_id, a.run_no, a.attempt_no, a.kind, a.owner, a.started_at,"
                    + " a.ended_at IS NOT NULL, a.outcome, a.superseded, r.fire_key"
                    + " FROM cs_attempt a JOIN cs_run r"
                    + " ON r.job_id = a.job_id AND r.run_no = a.run_no"
                    + " WHERE r.fire_key >= ? AND r.fire_key < ?")) {
      q.setLong(1, from.toEpochMilli());
      q.setLong(2, to.toEpochMilli());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new AttemptRow(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getInt(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  rs.getBoolean(7),
                  rs.getString(8),
                  rs.getBoolean(9),
                  rs.getLong(10)));
        }
      }
    }
    return rows;
  }

  /** The executions the jobs wrote for fires of the window. */
  List<Execution> executions(Instant from, Instant to) throws IOException {
    List<Execution> rows = new ArrayList<>();
    Set<String> jobs = new HashSet<>(everySeconds.keySet());
    if (!Files.exists(fires)) {
      return rows;
    }
    for (String line : Files.readAllLines(fires)) {
      String[] parts = line.strip().split(" ");
      if (parts.length != 3 || !jobs.contains(parts[0])) {
        continue;
      }
      Instant fire = Instant.parse(parts[1]);
      if (!fire.isBefore(from) && fire.isBefore(to)) {
        rows.add(new Execution(parts[0], fire.toEpochMilli(), parts[2]));
      }
    }
    return rows;
  }
}
