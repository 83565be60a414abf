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
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;

/**
 * Quartz's PostgreSQL delegate with the typed, limited acquisition and the set-based firing SQL of
 * {@link SetBasedFiring}.
 */
public final class CronstonePostgresDelegate extends PostgreSQLDelegate implements SetBasedFiring {
  @Override
  public List<TriggerKey> selectTriggerToAcquire(
      Connection conn, long noLaterThan, long noEarlierThan, int maxCount) throws SQLException {
    return dueKeys(conn, noLaterThan, noEarlierThan, maxCount);
  }

  @Override
  public String sql(String template) {
    return rtp(template);
  }

  @Override
  public String firingInstanceId() {
    return instanceId;
  }

  @Override
  public boolean jobDataAsProperties() {
    return canUseProperties();
  }

  @Override
  public InputStream jobDataStream(ResultSet rs, String column)
      throws SQLException, IOException, ClassNotFoundException {
    return (InputStream) getJobDataFromBlob(rs, column);
  }

  @Override
  public Map<?, ?> jobDataMap(Properties properties) throws IOException {
    return convertFromProperty(properties);
  }
}
