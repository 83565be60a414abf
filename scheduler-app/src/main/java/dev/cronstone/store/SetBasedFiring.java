package dev.cronstone.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.quartz.spi.ClassLoadHelper;

/** What our delegates add to Quartz's for {@link FiringJobStore}: the SQL of {@link DueFires}. */
interface SetBasedFiring {
  /** The due waiting triggers, in acquisition order, ours built with their jobs. */
  List<DueFires.Due> selectDue(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount, ClassLoadHelper loader)
      throws SQLException;

  void insertFired(Connection conn, List<DueFires.Fire> fires) throws SQLException;

  /** False when a trigger was no longer waiting. */
  boolean advance(Connection conn, List<DueFires.Fire> fires) throws SQLException;
}
