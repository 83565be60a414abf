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
import org.quartz.spi.ClassLoadHelper;

/**
 * What our delegates add to Quartz's for {@link FiringJobStore}: the SQL of {@link DueFires} and
 * the typed acquisition of {@link DueTriggers}, written once here for both dialects. A delegate
 * gives the few things only a Quartz delegate can reach (its statement templating, its node id, how
 * it reads a job data column) and inherits the rest.
 */
interface SetBasedFiring {
  /** Quartz's templating of table prefix and scheduler name ({@code rtp}). */
  String sql(String template);

  /** The node id Quartz gave the delegate. */
  String firingInstanceId();

  /** Whether job data is stored as properties (else as serialized objects only Quartz reads). */
  boolean jobDataAsProperties();

  /** The job data column's raw stream, as the dialect's delegate reads it. */
  InputStream jobDataStream(ResultSet rs, String column)
      throws SQLException, IOException, ClassNotFoundException;

  /** Quartz's conversion of stored properties back to a job data map. */
  Map<?, ?> jobDataMap(Properties properties) throws IOException;

  /** Up to {@code maxCount} waiting triggers due by {@code noLaterThan}: {@link DueTriggers}. */
  default List<TriggerKey> dueKeys(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount) throws SQLException {
    return DueTriggers.select(conn, sql(DueTriggers.SQL), noLaterThan, noEarlierThan, maxCount);
  }

  /** The due waiting triggers, in acquisition order, ours built with their jobs. */
  default List<DueFires.Due> selectDue(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount, ClassLoadHelper loader)
      throws SQLException {
    if (!jobDataAsProperties()) { // serialized job data: Quartz's own code reads those
      return dueKeys(conn, noLaterThan, noEarlierThan, maxCount).stream()
          .map(DueFires.Due::keyOnly)
          .toList();
    }
    return DueFires.select(
        conn, sql(DueFires.SELECT), noLaterThan, noEarlierThan, maxCount, loader, this::jobData);
  }

  default void insertFired(Connection conn, List<DueFires.Fire> fires) throws SQLException {
    DueFires.insertFired(conn, sql(DueFires.INSERT_FIRED), firingInstanceId(), fires);
  }

  /** False when a trigger was no longer waiting. */
  default boolean advance(Connection conn, List<DueFires.Fire> fires) throws SQLException {
    return DueFires.advance(conn, sql(DueFires.ADVANCE), fires);
  }

  /** A job data column read the way the delegate reads it (properties format). */
  private Map<?, ?> jobData(ResultSet rs, String column) throws SQLException {
    try (InputStream in = jobDataStream(rs, column)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return jobDataMap(properties);
    } catch (IOException | ClassNotFoundException e) {
      throw new SQLException("cannot read the job data in " + column + ": " + e.getMessage(), e);
    }
  }
}
