package dev.cronstone.cli;

import dev.cronstone.cluster.ClusterMember;
import dev.cronstone.service.Inspection;
import dev.cronstone.view.NodeList;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs store nodes [--forget ID]}: the cluster's members, their last check-in, liveness and
 * tzdb version; {@code --forget} removes a node that is not alive from the registry.
 */
@Command(
    name = "nodes",
    description =
        "Cluster members: last check-in, alive or not, clustered, tzdb version; --forget removes"
            + " one.",
    mixinStandardHelpOptions = true)
final class StoreNodesCommand implements Callable<Integer> {
  @ParentCommand private StoreCommand store;
  @Spec private CommandSpec spec;

  @Option(
      names = "--forget",
      paramLabel = "ID",
      description =
          "Remove the node ID from the node registry (refused while it is alive: policy_denied).")
  private String forget;

  record Forgotten(String forgotten, Instant lastSeen) {}

  @Override
  public Integer call() {
    Instant now = store.now();
    if (forget != null) {
      ClusterMember gone = store.open().forgetNode(forget, now);
      Forgotten report = new Forgotten(gone.nodeId(), gone.lastSeen());
      StoreCommand.print(
          store,
          spec,
          report,
          out ->
              out.println(
                  "forgot node '" + gone.nodeId() + "' (last seen " + gone.lastSeen() + ")"));
      return 0;
    }
    List<Inspection.Node> nodes = store.open().inspector().nodes(now);
    NodeList report = NodeList.of(now, nodes);
    boolean mismatch = report.tzdbMismatch();
    StoreCommand.print(
        store,
        spec,
        report,
        out -> {
          Table table =
              new Table(
                  "NODE",
                  "ALIVE",
                  "CLUSTERED",
                  "HOST",
                  "PID",
                  "TZDB",
                  "VERSION",
                  "STARTED",
                  "LAST SEEN",
                  "INTERVAL");
          for (Inspection.Node n : nodes) {
            String alive = alive(n.state());
            table.row(
                n.nodeId(),
                alive,
                n.clustered() == null ? null : n.clustered() ? "yes" : "NO",
                n.host(),
                n.pid(),
                n.tzdbVersion() == null
                    ? null
                    : n.tzdbVersion() + (n.tzdbMismatch() ? " (MISMATCH)" : ""),
                n.cronstoneVersion(),
                StoreCommand.instant(n.startedAt()),
                StoreCommand.instant(n.lastSeen()),
                n.checkinIntervalMillis() == null ? null : n.checkinIntervalMillis() + "ms");
          }
          table.print(out);
          if (nodes.isEmpty()) {
            out.println("(no node has registered or checked in)");
          }
          if (mismatch) {
            TreeSet<String> versions = new TreeSet<>();
            nodes.stream()
                .filter(Inspection.Node::alive)
                .forEach(n -> versions.add(String.valueOf(n.tzdbVersion())));
            out.println(
                "WARNING: live nodes run different time-zone rules (tzdb "
                    + String.join(", ", versions)
                    + "): they can compute different fire instants. Run every node on the same"
                    + " JDK/tzdata.");
          }
        });
    return 0;
  }

  /** The ALIVE column: {@code yes}, {@code no (stopped)} after a clean stop, else {@code no}. */
  static String alive(Inspection.NodeState state) {
    return switch (state) {
      case ALIVE -> "yes";
      case STOPPED -> "no (stopped)";
      case DEAD -> "no";
    };
  }
}
