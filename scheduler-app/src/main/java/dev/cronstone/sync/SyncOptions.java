package dev.cronstone.sync;

import java.util.Objects;

/**
 * How a sync runs.
 *
 * @param dryRun plan only: read the folder and the store, write nothing, take no lock
 * @param force allow removing more than half of the stored jobs
 * @param removeMissing remove stored jobs whose spec is gone ({@code jobs.removeMissing})
 * @param actor who syncs: the OS user of {@code jobs sync}, the node id of a start-up sync
 */
public record SyncOptions(boolean dryRun, boolean force, boolean removeMissing, String actor) {
  public SyncOptions {
    Objects.requireNonNull(actor, "actor");
  }

  /** A node's start-up sync: never forced; removals beyond the safety rules are only logged. */
  public static SyncOptions atStart(String nodeId, boolean removeMissing) {
    return new SyncOptions(false, false, removeMissing, nodeId);
  }
}
