package dev.cronstone.store;

import dev.cronstone.config.ClusterConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns {@code cluster.nodeId} into the node's id: the configured name, or hostname-pid for AUTO.
 */
public final class NodeIds {
  private NodeIds() {}

  /** The node id to use as Quartz's instance id and in pool and thread names. */
  public static String resolve(ClusterConfig cluster) {
    String configured = cluster.nodeId().trim();
    if (!configured.isEmpty() && !ClusterConfig.AUTO_NODE_ID.equalsIgnoreCase(configured)) {
      return configured;
    }
    return hostname() + "-" + ProcessHandle.current().pid();
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fromEnv = System.getenv("HOSTNAME");
      return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
    }
  }
}
