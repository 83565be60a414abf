package dev.cronstone.sync;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what a watcher's syncs did: the jobs added, updated and removed, and each invalid file with
 * its stable code and field paths. A problem is logged when it appears or changes, not again on
 * every rescan while it stays the same.
 */
final class SyncReport {
  private static final Logger LOG = LoggerFactory.getLogger(SpecWatcher.class);

  private final String nodeId;
  private Map<String, SyncPlan.Invalid> invalid = Map.of();
  private Optional<String> withheld = Optional.empty();

  SyncReport(String nodeId) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  synchronized void report(SyncResult result) {
    SyncPlan plan = result.plan();
    if (!plan.noWrites()) {
      LOG.info(
          "[{}] applied spec changes in {}: added {}, updated {}, removed {}",
          nodeId,
          plan.dir(),
          ids(plan.added()),
          ids(plan.updated()),
          plan.removed());
    }
    Map<String, SyncPlan.Invalid> now = new TreeMap<>();
    plan.invalid().forEach(i -> now.put(i.source(), i));
    now.values().stream()
        .filter(i -> !i.equals(invalid.get(i.source())))
        .forEach(i -> LOG.warn(describe(nodeId, i)));
    invalid.keySet().stream()
        .filter(source -> !now.containsKey(source))
        .forEach(source -> LOG.info("[{}] spec {} is no longer invalid", nodeId, source));
    invalid = now;
    Optional<String> held = plan.withheld().map(SyncPlan.Withheld::summary);
    if (held.isPresent() && !held.equals(withheld)) {
      LOG.warn("[{}] {}", nodeId, held.get());
    }
    withheld = held;
    result
        .failures()
        .forEach(f -> LOG.warn("[{}] could not sync {}: {}", nodeId, f.jobId(), f.message()));
  }

  /**
   * "[node-1] invalid spec jobs/a.yaml [job_invalid_spec] schedule.cron: ...; its stored job is
   * kept as it was".
   */
  static String describe(String nodeId, SyncPlan.Invalid invalid) {
    return "["
        + nodeId
        + "] invalid spec "
        + invalid.source()
        + " ["
        + ErrorCode.JOB_INVALID_SPEC.code()
        + "] "
        + invalid.problems().stream().map(Problem::toString).collect(Collectors.joining("; "))
        + (invalid.kept()
            ? "; its stored job is kept as it was"
            : "; not synced, no stored job has it");
  }

  private static List<String> ids(List<SyncPlan.Change> changes) {
    return changes.stream().map(SyncPlan.Change::jobId).toList();
  }
}
