package dev.cronstone.api;

import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.service.StoreReadiness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes that need no token: health, and the open routes the node adds (metrics). */
final class OpenEndpoints {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

  private final String nodeId;
  private final StoreReadiness probe;

  OpenEndpoints(String nodeId, StoreReadiness probe) {
    this.nodeId = nodeId;
    this.probe = probe;
  }

  void routes(Router router, List<OpenRoute> extra) {
    router.add("GET", "/health/live", this::live).add("GET", "/health/ready", this::ready);
    for (OpenRoute route : extra) {
      router.add(
          "GET", route.path(), call -> call.text(200, route.contentType(), route.body().get()));
    }
  }

  private void live(Call call) {
    call.json(200, Map.of("status", "live", "nodeId", nodeId));
  }

  private void ready(Call call) {
    Optional<String> problem = probe.check(READY_TIMEOUT);
    if (problem.isEmpty()) {
      call.json(200, Map.of("status", "ready", "nodeId", nodeId));
    } else {
      call.error(
          ErrorCode.STORE_UNAVAILABLE.httpStatus(),
          ErrorEnvelope.of(ErrorCode.STORE_UNAVAILABLE, problem.get(), null, List.of()));
    }
  }
}
