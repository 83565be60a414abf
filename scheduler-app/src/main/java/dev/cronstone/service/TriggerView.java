package dev.cronstone.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Quartz trigger of a job, as the store holds it.
 *
 * @param name the trigger's name (its schedule trigger is named like the job)
 * @param type {@code cronstone} for a schedule trigger, else Quartz's class name (a retry or a
 *     manual run)
 * @param state Quartz's state: NORMAL, PAUSED, BLOCKED, ERROR, COMPLETE or NONE
 * @param misfire the misfire policy of a schedule trigger
 */
public record TriggerView(
    String name,
    String type,
    String state,
    Optional<Instant> nextFire,
    Optional<Instant> previousFire,
    Optional<String> misfire,
    List<String> expressions,
    Optional<String> timezone) {

  public TriggerView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextFire, "nextFire");
    Objects.requireNonNull(previousFire, "previousFire");
    Objects.requireNonNull(misfire, "misfire");
    expressions = List.copyOf(expressions);
    Objects.requireNonNull(timezone, "timezone");
  }
}
