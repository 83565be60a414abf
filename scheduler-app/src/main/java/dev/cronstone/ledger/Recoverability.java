package dev.cronstone.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.model.JobSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a run the failure detector abandons may yet get a recovery attempt (docs/policies.md,
 * "Recovery"). Only Quartz recovers: it re-fires the fire a dead node was running when the job asks
 * for it ({@code recover: true}), and that fire starts a {@code recovery} attempt of the same run,
 * even of an {@code abandoned} one. Runs no Quartz fire runs have none: those the pump starts
 * ({@code backfill}, {@code after}) and those a {@code jobs run --local} process runs (owner {@code
 * cli:…}). An abandonment that no recovery can follow is the run's final end.
 */
final class Recoverability {
  /** The owner prefix of an attempt run by a {@code jobs run --local} process. */
  static final String CLI_OWNER = "cli:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Recoverability() {}

  /**
   * The decision: true when a recovery attempt may follow the abandonment of {@code run}, whose
   * abandoned attempt {@code owner} ran, of a job that asks for recovery when {@code jobRecovers}
   * (empty: the job is gone, so nothing fires it again).
   */
  static boolean mayRecover(Run run, String owner, Optional<Boolean> jobRecovers) {
    boolean firedByQuartz =
        run.kind() != RunKind.BACKFILL
            && run.kind() != RunKind.AFTER
            && !owner.startsWith(CLI_OWNER);
    return firedByQuartz && jobRecovers.orElse(false);
  }

  /** The stored job's {@code recover}, read in the caller's transaction; empty when it is gone. */
  static Optional<Boolean> jobRecovers(Connection c, String jobId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT spec_json FROM cs_job WHERE job_id = ?")) {
      select.setString(1, jobId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        JsonNode recover = JSON.readTree(rs.getString(1)).path("recover");
        return Optional.of(recover.isBoolean() ? recover.booleanValue() : JobSpec.DEFAULT_RECOVER);
      } catch (JsonProcessingException e) {
        // unreadable: assume the default, as the spec's own reader would fail the fire anyway
        return Optional.of(JobSpec.DEFAULT_RECOVER);
      }
    }
  }
}
