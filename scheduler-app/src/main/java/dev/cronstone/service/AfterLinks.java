package dev.cronstone.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the jobs that run after a job: the stored {@code after} edges that name it. */
final class AfterLinks {
  private AfterLinks() {}

  /** The jobs whose {@code after} names {@code jobId}, by id. */
  static List<AfterLink> downstream(DataSource dataSource, String jobId) throws SQLException {
    List<AfterLink> links = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT job_id, on_end FROM cs_job_after WHERE upstream_job_id = ?"
                    + " ORDER BY job_id")) {
      select.setString(1, jobId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          links.add(new AfterLink(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return links;
  }
}
