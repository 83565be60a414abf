package dev.cronstone.execution;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One fire Quartz handed to a node: the intended fire instant, the run it belongs to when the run
 * was opened before the fire (a manual run or a replay, queued by {@code jobs run}), and whether
 * Quartz is recovering the fire of a node that died.
 */
public record FireRequest(Instant intended, OptionalLong runNo, boolean recovering) {
  public FireRequest {
    Objects.requireNonNull(intended, "intended");
    Objects.requireNonNull(runNo, "runNo");
  }
}
