package dev.cronstone.service;

import dev.cronstone.schedule.FireTime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored job for {@code jobs show}: its spec as last synced, its Quartz triggers, its pause and
 * the schedule calculator's next fire times (what its trigger fires at while it is enabled and not
 * paused).
 *
 * @param specJson the canonical JSON of its spec
 * @param source the spec file it was last synced from
 * @param inQuartz false when Quartz has no job of this id (the next sync repairs that)
 * @param upcoming the calculator's next fire times from now (empty for a manual-only job)
 * @param owner {@code file} or {@code store}
 * @param version its current saved version
 */
public record JobView(
    String id,
    String specJson,
    String specHash,
    Optional<String> source,
    boolean enabled,
    PauseState pause,
    Instant createdAt,
    Instant updatedAt,
    Optional<String> syncedBy,
    boolean inQuartz,
    List<TriggerView> triggers,
    List<FireTime> upcoming,
    String owner,
    long version) {

  public JobView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(specJson, "specJson");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pause, "pause");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(syncedBy, "syncedBy");
    triggers = List.copyOf(triggers);
    upcoming = List.copyOf(upcoming);
    Objects.requireNonNull(owner, "owner");
  }
}
