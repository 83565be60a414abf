package dev.cronstone.execution;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One fire Quartz handed to a node: the intended fire instant, the run it belongs to when the run
 * was opened before the fire (a manual run or a replay, queued by {@code jobs run}), whether Quartz
 * is recovering the fire of a node that died, and who asked for it when the fire itself is a
 * request for a manual run that nobody opened yet (a Quartz client's {@code triggerJob}: {@value
 * #QUARTZ}).
 */
public record FireRequest(
    Instant intended, OptionalLong runNo, boolean recovering, Optional<String> requestedBy) {
  /** Who a run asked for through a Quartz client is recorded as requested by. */
  public static final String QUARTZ = "quartz";

  public FireRequest {
    Objects.requireNonNull(intended, "intended");
    Objects.requireNonNull(runNo, "runNo");
    Objects.requireNonNull(requestedBy, "requestedBy");
    if (runNo.isPresent() && requestedBy.isPresent()) {
      throw new IllegalArgumentException("a fire of an opened run is not a request for one");
    }
  }

  /** A fire of the schedule, or of a run opened before it. */
  public FireRequest(Instant intended, OptionalLong runNo, boolean recovering) {
    this(intended, runNo, recovering, Optional.empty());
  }

  /** A fire that asks for a manual run, requested through a Quartz client. */
  public static FireRequest throughQuartz(Instant intended, boolean recovering) {
    return new FireRequest(intended, OptionalLong.empty(), recovering, Optional.of(QUARTZ));
  }
}
