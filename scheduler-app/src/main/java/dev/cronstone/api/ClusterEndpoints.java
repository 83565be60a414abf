package dev.cronstone.api;

import dev.cronstone.service.Inspection;
import dev.cronstone.service.StoreInspector;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/nodes}: the cluster's members and their liveness. */
final class ClusterEndpoints {
  private final StoreInspector inspector;
  private final Clock clock;

  ClusterEndpoints(StoreInspector inspector, Clock clock) {
    this.inspector = inspector;
    this.clock = clock;
  }

  record NodeList(Instant now, boolean tzdbMismatch, List<Inspection.Node> nodes) {}

  void routes(Router router, String prefix) {
    router.add("GET", prefix + "/nodes", this::nodes);
  }

  private void nodes(Call call) {
    Instant now = clock.instant();
    List<Inspection.Node> nodes = inspector.nodes(now);
    call.json(
        200, new NodeList(now, nodes.stream().anyMatch(Inspection.Node::tzdbMismatch), nodes));
  }
}
