package dev.cronstone.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.InvalidSpecException;
import dev.cronstone.error.JobNotFoundException;
import dev.cronstone.error.Problem;
import dev.cronstone.model.AfterGraph;
import dev.cronstone.model.AfterSpec;
import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecJson;
import dev.cronstone.model.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Saves, deletes, enables and disables one store-owned job (docs/job-spec.md, "Who owns a job"):
 * the API's and {@code jobs apply}'s writes. Each runs under {@link SyncLock}, like sync and pause,
 * checks the owner and the caller's {@link VersionCheck} against the current row, and writes
 * through {@link StoreWriter}, the same SQL as sync, in one transaction: Quartz's rows, {@code
 * cs_job} and the new version in {@code cs_job_version}. A write to a file-owned job is refused
 * ({@code job_file_owned}); a stale version is refused ({@code version_conflict}).
 */
public final class JobEdits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String schedulerName;
  private final Clock clock;
  private final Duration lockWait;

  public JobEdits(DataSource dataSource, String schedulerName, Clock clock, Duration lockWait) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schedulerName = Objects.requireNonNull(schedulerName, "schedulerName");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
  }

  /** What a save did. */
  public record Saved(String jobId, long version, boolean created, boolean changed) {}

  /** What a delete did: the job's last version (its versions are kept). */
  public record Deleted(String jobId, long version) {}

  /**
   * Creates or replaces the store-owned job of {@code spec.id()}. Saving the content the job
   * already has saves no new version ({@code changed} false).
   */
  public Saved save(JobSpec spec, VersionCheck check, String who) throws SQLException {
    Objects.requireNonNull(spec, "spec");
    try (SyncLock lock = SyncLock.acquire(dataSource, lockWait)) {
      return saveLocked(spec, current(spec.id()), check, who);
    }
  }

  /** Sets {@code enabled} of a store-owned job's spec: a new version when it changes. */
  public Saved setEnabled(String jobId, boolean enabled, VersionCheck check, String who)
      throws SQLException {
    try (SyncLock lock = SyncLock.acquire(dataSource, lockWait)) {
      Optional<StoredJob> before = current(jobId);
      if (before.filter(StoredJob::hasRow).isEmpty()) {
        throw new JobNotFoundException(jobId);
      }
      requireStoreOwned(before.get());
      String json = records().specJson(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
      return saveLocked(withEnabled(jobId, json, enabled), before, check, who);
    }
  }

  /** Removes a store-owned job: its Quartz job and triggers and its row; its versions stay. */
  public Deleted delete(String jobId, VersionCheck check, String who) throws SQLException {
    try (SyncLock lock = SyncLock.acquire(dataSource, lockWait)) {
      Optional<StoredJob> before = current(jobId).filter(StoredJob::hasRow);
      if (before.isEmpty()) {
        throw new JobNotFoundException(jobId);
      }
      requireStoreOwned(before.get());
      check.verify(jobId, before);
      writer(who).removeOne(jobId);
      return new Deleted(jobId, before.get().version());
    }
  }

  private Saved saveLocked(JobSpec spec, Optional<StoredJob> before, VersionCheck check, String who)
      throws SQLException {
    Optional<StoredJob> row = before.filter(StoredJob::hasRow);
    row.ifPresent(JobEdits::requireStoreOwned);
    check.verify(spec.id(), row);
    Instant now = clock.instant();
    String hash = SpecJson.contentHash(spec);
    boolean changed = row.flatMap(StoredJob::specHash).filter(hash::equals).isEmpty();
    boolean repair =
        row.isPresent()
            && (!row.get().quartzJob()
                || row.get().scheduleTrigger() != SpecTranslator.expectsTrigger(spec, now));
    if (!changed && !repair) {
      return new Saved(spec.id(), row.get().version(), false, false);
    }
    if (changed) {
      refuseBadAfter(spec);
    }
    SyncPlanner.Write write =
        new SyncPlanner.Write(
            spec,
            SpecTranslator.translate(spec, now),
            before,
            Optional.empty(),
            row.isEmpty(),
            JobOwner.STORE,
            who,
            changed ? Optional.of(who) : Optional.empty());
    writer(who).applyOne(write);
    long version = current(spec.id()).map(StoredJob::version).orElseThrow();
    return new Saved(spec.id(), version, row.isEmpty(), changed);
  }

  /**
   * Refuses a spec whose {@code after} names a job the store does not hold or closes a cycle
   * ({@code job_invalid_spec}, each problem at its {@code after[i].job}).
   */
  private void refuseBadAfter(JobSpec spec) throws SQLException {
    JobRecords records = records();
    Map<String, List<AfterSpec>> stored = new TreeMap<>();
    records.readAll().forEach(j -> stored.put(j.id(), List.of()));
    stored.putAll(records.afterEdges());
    List<Problem> problems =
        AfterGraph.refused(stored, Map.of(spec.id(), spec.after()))
            .getOrDefault(spec.id(), List.of());
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(
          problems.size() + " problem(s) in the after list of " + spec.id(), spec.id(), problems);
    }
  }

  private static void requireStoreOwned(StoredJob job) {
    if (job.fileOwned()) {
      String file = job.source().map(s -> "the spec file " + s).orElse("a spec file");
      throw new CronstoneException(
          ErrorCode.JOB_FILE_OWNED,
          job.id()
              + " is owned by "
              + file
              + ": change the file (to manage the job here instead, remove the file, sync, then"
              + " save it again)",
          job.id(),
          List.of(new Problem("id", "owned by " + file)));
    }
  }

  /** The stored spec with {@code enabled} set, read back through the validator. */
  private JobSpec withEnabled(String jobId, String json, boolean enabled) {
    ObjectNode tree;
    try {
      tree = (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the stored spec of " + jobId + " is not JSON", e);
    }
    tree.put("enabled", enabled);
    SpecFile file =
        new SpecLoader(clock)
            .parse(jobId + ".json", tree.toString().getBytes(StandardCharsets.UTF_8));
    return file.spec().orElseThrow(file::exception);
  }

  private Optional<StoredJob> current(String jobId) throws SQLException {
    return records().read(jobId);
  }

  private JobRecords records() {
    return new JobRecords(dataSource, schedulerName);
  }

  private StoreWriter writer(String who) {
    return new StoreWriter(dataSource, schedulerName, records(), who, clock.instant());
  }
}
