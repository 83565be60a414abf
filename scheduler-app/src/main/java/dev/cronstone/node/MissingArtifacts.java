package dev.cronstone.node;

import dev.cronstone.artifacts.ArtifactResult;
import dev.cronstone.artifacts.ArtifactWriter;
import dev.cronstone.artifacts.Redactor;
import dev.cronstone.ledger.RunId;
import dev.cronstone.ledger.RunLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At node start, rewrites from the ledger the artifacts of this node's recent runs that have none,
 * or whose receipt is older than the run's end: artifacts are written after the end's commit, off
 * the attempt's path, so a node that died in between left them missing or stale. Bounded and cheap:
 * the runs this node ended in the last {@link #WINDOW}, at most {@link #MAX_RUNS}, one file check
 * each; logs are not rewritten (the ledger does not keep them), secrets were masked when recorded.
 */
final class MissingArtifacts {
  private static final Logger LOG = LoggerFactory.getLogger(MissingArtifacts.class);

  /** How far back the repair looks. */
  static final Duration WINDOW = Duration.ofMinutes(15);

  /** The most runs one repair looks at. */
  static final int MAX_RUNS = 1000;

  private MissingArtifacts() {}

  /** Returns how many runs got their artifacts rewritten; never throws. */
  static int repair(String nodeId, RunLedger ledger, ArtifactWriter writer, Instant now) {
    int repaired = 0;
    try {
      Map<RunId, Instant> ended = ledger.endedBy(nodeId, now.minus(WINDOW), MAX_RUNS);
      for (Map.Entry<RunId, Instant> run : ended.entrySet()) {
        if (current(writer.folder(run.getKey()).resolve(ArtifactWriter.RECEIPT), run.getValue())) {
          continue;
        }
        ArtifactResult written =
            writer.write(ledger, run.getKey(), Optional.empty(), Redactor.none());
        if (written.ok()) {
          repaired++;
        } else {
          LOG.warn(
              "[{}] could not rewrite the artifacts of {}: {}",
              nodeId,
              run.getKey(),
              written.failure().orElse("unknown"));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] the repair of missing artifacts failed: {}", nodeId, e.getMessage());
    }
    if (repaired > 0) {
      LOG.info("[{}] rewrote the missing artifacts of {} run(s) from the ledger", nodeId, repaired);
    }
    return repaired;
  }

  private static boolean current(Path receipt, Instant endedAt) {
    try {
      return Files.isRegularFile(receipt, LinkOption.NOFOLLOW_LINKS)
          && !Files.getLastModifiedTime(receipt, LinkOption.NOFOLLOW_LINKS)
              .toInstant()
              .isBefore(endedAt.minusSeconds(1));
    } catch (IOException e) {
      return false;
    }
  }
}
