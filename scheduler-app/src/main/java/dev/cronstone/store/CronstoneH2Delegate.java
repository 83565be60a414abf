package dev.cronstone.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.spi.ClassLoadHelper;

/**
 * Quartz's standard delegate (H2) with the typed, limited acquisition of {@link DueTriggers} and
 * the set-based firing SQL of {@link DueFires}.
 */
public final class CronstoneH2Delegate extends StdJDBCDelegate implements SetBasedFiring {
  @Override
  public List<TriggerKey> selectTriggerToAcquire(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount) throws SQLException {
    return DueTriggers.select(conn, rtp(DueTriggers.SQL), noLaterThan, noEarlierThan, maxCount);
  }

  @Override
  public List<DueFires.Due> selectDue(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount, ClassLoadHelper loader)
      throws SQLException {
    if (!canUseProperties()) { // job data as serialized objects: Quartz's own code reads those
      return selectTriggerToAcquire(conn, noLaterThan, noEarlierThan, maxCount).stream()
          .map(DueFires.Due::keyOnly)
          .toList();
    }
    return DueFires.select(
        conn, rtp(DueFires.SELECT), noLaterThan, noEarlierThan, maxCount, loader, this::jobData);
  }

  @Override
  public void insertFired(Connection conn, List<DueFires.Fire> fires) throws SQLException {
    DueFires.insertFired(conn, rtp(DueFires.INSERT_FIRED), instanceId, fires);
  }

  @Override
  public boolean advance(Connection conn, List<DueFires.Fire> fires) throws SQLException {
    return DueFires.advance(conn, rtp(DueFires.ADVANCE), fires);
  }

  /** A job data column read the way this delegate reads it (properties format). */
  private Map<?, ?> jobData(ResultSet rs, String column) throws SQLException {
    try (InputStream in = (InputStream) getJobDataFromBlob(rs, column)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return convertFromProperty(properties);
    } catch (IOException | ClassNotFoundException e) {
      throw new SQLException("cannot read the job data in " + column + ": " + e.getMessage(), e);
    }
  }
}
