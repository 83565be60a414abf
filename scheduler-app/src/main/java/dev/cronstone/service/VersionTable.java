package dev.cronstone.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The service's SQL on {@code cs_job_version}: a job's saved versions, newest first. */
final class VersionTable {
  private static final String PAGE =
      "SELECT job_id, version, owner, spec_json, spec_hash, source, saved_by, saved_at"
          + " FROM cs_job_version WHERE job_id = ? AND version < ? ORDER BY version DESC LIMIT ?";

  private final DataSource dataSource;

  VersionTable(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Up to {@code limit} versions older than {@code before}, newest first. */
  List<JobVersion> page(String jobId, long before, int limit) throws SQLException {
    List<JobVersion> versions = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PAGE)) {
      statement.setString(1, jobId);
      statement.setLong(2, before);
      statement.setInt(3, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          versions.add(
              new JobVersion(
                  rows.getString(1),
                  rows.getLong(2),
                  rows.getString(3).trim(),
                  rows.getString(4),
                  rows.getString(5).trim(),
                  Optional.ofNullable(rows.getString(6)),
                  rows.getString(7),
                  rows.getObject(8, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return versions;
  }
}
