package dev.cronstone.view;

import dev.cronstone.service.Inspection;
import java.time.Instant;
import java.util.List;

/**
 * The cluster's members as read at {@code now} (schema {@code NodeList}); {@code tzdbMismatch}:
 * live nodes run different time-zone rules.
 */
public record NodeList(Instant now, boolean tzdbMismatch, List<Inspection.Node> nodes) {
  public static NodeList of(Instant now, List<Inspection.Node> nodes) {
    return new NodeList(now, nodes.stream().anyMatch(Inspection.Node::tzdbMismatch), nodes);
  }
}
