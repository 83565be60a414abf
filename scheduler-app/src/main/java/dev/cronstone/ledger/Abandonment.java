package dev.cronstone.ledger;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends attempts whose owner stopped heartbeating, and their runs when nothing else runs them. Each
 * run is handled in a transaction of its own under its row lock, and each attempt is ended only if
 * it still runs without a fresh heartbeat, so every node can do this at once.
 */
final class Abandonment {
  private static final Logger LOG = LoggerFactory.getLogger(Abandonment.class);

  /** Stale attempts read per round. */
  static final int BATCH = 500;

  private final DataSource dataSource;

  Abandonment(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<RunId> run(Instant now, Duration threshold) {
    Instant cutoff = now.minus(threshold);
    List<RunId> changed = new ArrayList<>();
    while (true) {
      List<AttemptRows.Stale> stale =
          Jdbc.autoCommit(
              dataSource, "find stale attempts", c -> AttemptRows.stale(c, cutoff, BATCH));
      Map<RunId, List<AttemptRows.Stale>> byRun = new LinkedHashMap<>();
      stale.forEach(s -> byRun.computeIfAbsent(s.run(), r -> new ArrayList<>()).add(s));
      int before = changed.size();
      for (Map.Entry<RunId, List<AttemptRows.Stale>> entry : byRun.entrySet()) {
        if (Jdbc.transaction(
            dataSource,
            "abandon the stale attempts of run " + entry.getKey(),
            c -> abandon(c, entry.getKey(), entry.getValue(), cutoff, now, threshold))) {
          changed.add(entry.getKey());
        }
      }
      if (stale.size() < BATCH || changed.size() == before) {
        return changed;
      }
    }
  }

  private static boolean abandon(
      Connection c,
      RunId id,
      List<AttemptRows.Stale> stale,
      Instant cutoff,
      Instant now,
      Duration threshold)
      throws SQLException {
    Optional<Run> run = RunRows.lock(c, id);
    if (run.isEmpty()) {
      return false;
    }
    List<AttemptRows.Stale> abandoned = new ArrayList<>();
    for (AttemptRows.Stale attempt : stale) {
      String why =
          "owner '"
              + attempt.owner()
              + "' stopped heartbeating: last heartbeat "
              + attempt.heartbeatAt()
              + ", more than "
              + threshold
              + " before "
              + now;
      if (AttemptRows.abandon(c, id, attempt.attemptNo(), cutoff, now, why)) {
        abandoned.add(attempt);
        EventRows.append(
            c,
            id,
            attempt.attemptNo(),
            "attempt.abandoned",
            "attempt " + attempt.attemptNo() + " abandoned: " + why,
            Map.of("owner", attempt.owner(), "lastHeartbeat", attempt.heartbeatAt().toString()),
            now);
      }
    }
    if (abandoned.isEmpty()) {
      return false;
    }
    AttemptRows.Stale last = abandoned.get(abandoned.size() - 1);
    if (run.get().status() == RunStatus.RUNNING && AttemptRows.runningOf(c, id).isEmpty()) {
      String message =
          "run "
              + id
              + " abandoned: the owner '"
              + last.owner()
              + "' of attempt "
              + last.attemptNo()
              + " stopped heartbeating (last heartbeat "
              + last.heartbeatAt()
              + ") and no other attempt runs it";
      RunTransitions.check(id, RunStatus.RUNNING, RunStatus.ABANDONED);
      RunRows.update(
          c,
          run.get()
              .ended(
                  RunStatus.ABANDONED,
                  Optional.empty(),
                  Optional.of(
                      ErrorEnvelope.of(ErrorCode.JOB_ABANDONED, message, id.jobId(), List.of())),
                  now));
      EventRows.append(c, id, 0, "run.abandoned", message, Map.of("owner", last.owner()), now);
      LOG.warn("[{}] {}", last.owner(), message);
    } else {
      LOG.warn(
          "[{}] attempt {} of {} abandoned (its owner stopped heartbeating); the run goes on ({})",
          last.owner(),
          last.attemptNo(),
          id,
          run.get().status());
    }
    return true;
  }
}
