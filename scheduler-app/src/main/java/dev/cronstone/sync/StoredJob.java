package dev.cronstone.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * A job as the store holds it when a sync plans: its {@code cs_job} row (absent for a Quartz job
 * left without one by a sync that stopped half-way), who owns it and its current version, and
 * whether Quartz has its job and its schedule trigger. A Quartz job without a row counts as
 * file-owned: only a sync leaves one.
 */
record StoredJob(
    String id,
    Optional<String> specHash,
    boolean paused,
    Optional<String> source,
    JobOwner owner,
    long version,
    boolean quartzJob,
    boolean scheduleTrigger) {

  StoredJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(owner, "owner");
  }

  boolean fileOwned() {
    return owner == JobOwner.FILE;
  }

  boolean hasRow() {
    return specHash.isPresent();
  }

  /** The file name of its last source, for matching a stored job to a spec file that broke. */
  Optional<String> sourceFileName() {
    return source.map(SyncPlanner::fileName);
  }
}
