package dev.cronstone.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The stored jobs and their own {@code retention}, read from {@code cs_job.spec_json} (the
 * canonical JSON sync stored) a page at a time, in id order.
 */
public final class JobRetentions {
  public static final int PAGE = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  public JobRetentions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A stored job and the retention its spec sets, if any. */
  public record Job(String id, Optional<RetentionRule> own) {}

  /**
   * Up to {@link #PAGE} jobs with ids after {@code after}; with {@code onlyWithRetention}, only
   * specs whose JSON mentions a retention (the others follow a node default that keeps everything).
   */
  public List<Job> page(String after, boolean onlyWithRetention) throws SQLException {
    String sql =
        "SELECT job_id, spec_json FROM cs_job WHERE job_id > ?"
            + (onlyWithRetention ? " AND spec_json LIKE '%\"retention\"%'" : "")
            + " ORDER BY job_id LIMIT "
            + PAGE;
    List<Job> jobs = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, after);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          jobs.add(new Job(rows.getString(1), retention(rows.getString(2))));
        }
      }
    }
    return jobs;
  }

  /** Whether a job of this id is stored. */
  public boolean exists(String jobId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT 1 FROM cs_job WHERE job_id = ?")) {
      statement.setString(1, jobId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * The spec's retention; a stored spec passed validation, so anything unreadable counts as none.
   */
  static Optional<RetentionRule> retention(String specJson) {
    try {
      JsonNode node = JSON.readTree(specJson).path("retention");
      if (!node.isObject()) {
        return Optional.empty();
      }
      OptionalInt keepLast =
          node.path("keepLast").isInt()
              ? OptionalInt.of(node.get("keepLast").asInt())
              : OptionalInt.empty();
      Optional<Duration> olderThan =
          node.path("olderThan").isTextual()
              ? Optional.of(Duration.parse(node.get("olderThan").asText()))
              : Optional.empty();
      RetentionRule rule = new RetentionRule(keepLast, olderThan);
      return rule.keepsAll() ? Optional.empty() : Optional.of(rule);
    } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
