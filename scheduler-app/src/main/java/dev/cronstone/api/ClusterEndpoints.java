package dev.cronstone.api;

import dev.cronstone.service.StoreInspector;
import dev.cronstone.view.NodeList;
import java.time.Clock;
import java.time.Instant;

/** {@code GET /api/v1/nodes}: the cluster's members and their liveness. */
final class ClusterEndpoints {
  private final StoreInspector inspector;
  private final Clock clock;

  ClusterEndpoints(StoreInspector inspector, Clock clock) {
    this.inspector = inspector;
    this.clock = clock;
  }

  void routes(Router router, String prefix) {
    router.add("GET", prefix + "/nodes", this::nodes);
  }

  private void nodes(Call call) {
    Instant now = clock.instant();
    call.json(200, NodeList.of(now, inspector.nodes(now)));
  }
}
