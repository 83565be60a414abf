package dev.cronstone.sync;

import dev.cronstone.store.CronstoneTrigger;
import dev.cronstone.store.CronstoneTriggerPersistenceDelegate;
import dev.cronstone.store.QuartzNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;

/**
 * The rows of Cronstone's jobs in Quartz's tables, written the way Quartz's own {@code storeJob},
 * {@code storeTrigger}, {@code removeTrigger} and {@code removeJob} write them ({@code
 * StdJDBCDelegate} and our trigger's persistence delegate, with {@code useProperties=true}), but as
 * JDBC batches on one connection: one statement per table for a whole chunk of jobs. The caller
 * owns the transaction and takes {@link #lockTriggerAccess} first.
 */
final class QuartzRows {
  /** Quartz's pseudo-group recorded when every trigger group is paused. */
  static final String ALL_GROUPS_PAUSED = "_$_ALL_GROUPS_PAUSED_$_";

  /** Rows per multi-row INSERT: 16 columns make 3,200 parameters, far below every limit. */
  static final int ROWS_PER_INSERT = 200;

  static final String WAITING = "WAITING";
  static final String PAUSED = "PAUSED";

  /** The trigger tables whose rows hang off {@code QRTZ_TRIGGERS}, one per trigger type. */
  private static final List<String> TRIGGER_CHILDREN =
      List.of(
          "QRTZ_SIMPLE_TRIGGERS",
          "QRTZ_CRON_TRIGGERS",
          "QRTZ_SIMPROP_TRIGGERS",
          "QRTZ_BLOB_TRIGGERS");

  private final Connection connection;
  private final String schedulerName;

  QuartzRows(Connection connection, String schedulerName) {
    this.connection = connection;
    this.schedulerName = schedulerName;
  }

  /**
   * Takes the row lock Quartz's job store takes to change jobs and triggers and to fire them
   * ({@code StdRowLockSemaphore}), held until the transaction ends: firing nodes wait meanwhile.
   */
  void lockTriggerAccess() throws SQLException {
    String select =
        "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE";
    if (!selectsRow(select)) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES (?, 'TRIGGER_ACCESS')")) {
        insert.setString(1, schedulerName);
        insert.executeUpdate();
      }
      if (!selectsRow(select)) {
        throw new SQLException("cannot lock QRTZ_LOCKS TRIGGER_ACCESS of " + schedulerName);
      }
    }
  }

  /**
   * The state a new trigger of our group starts in, by Quartz's rule: {@code PAUSED} when the group
   * or every group is paused (then the group is recorded as paused, as Quartz does), else {@code
   * WAITING}.
   */
  String newTriggerState() throws SQLException {
    boolean group = false;
    boolean all = false;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT TRIGGER_GROUP FROM QRTZ_PAUSED_TRIGGER_GRPS WHERE SCHED_NAME = ?"
                + " AND TRIGGER_GROUP IN (?, ?)")) {
      select.setString(1, schedulerName);
      select.setString(2, QuartzNames.JOB_GROUP);
      select.setString(3, ALL_GROUPS_PAUSED);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          group |= QuartzNames.JOB_GROUP.equals(rows.getString(1));
          all |= ALL_GROUPS_PAUSED.equals(rows.getString(1));
        }
      }
    }
    if (all && !group) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO QRTZ_PAUSED_TRIGGER_GRPS (SCHED_NAME, TRIGGER_GROUP) VALUES (?, ?)")) {
        insert.setString(1, schedulerName);
        insert.setString(2, QuartzNames.JOB_GROUP);
        insert.executeUpdate();
      }
    }
    return group || all ? PAUSED : WAITING;
  }

  void insertJobs(Collection<QuartzJob> jobs) throws SQLException {
    insert(
        "QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP, DESCRIPTION, JOB_CLASS_NAME, IS_DURABLE,"
            + " IS_NONCONCURRENT, IS_UPDATE_DATA, REQUESTS_RECOVERY, JOB_DATA)",
        10,
        jobs,
        (s, at, job) -> {
          s.setString(at, schedulerName);
          s.setString(at + 1, job.id());
          s.setString(at + 2, QuartzNames.JOB_GROUP);
          bindJob(s, at + 3, job);
        });
  }

  void updateJobs(Collection<QuartzJob> jobs) throws SQLException {
    batch(
        "UPDATE QRTZ_JOB_DETAILS SET DESCRIPTION = ?, JOB_CLASS_NAME = ?, IS_DURABLE = ?,"
            + " IS_NONCONCURRENT = ?, IS_UPDATE_DATA = ?, REQUESTS_RECOVERY = ?, JOB_DATA = ?"
            + " WHERE SCHED_NAME = ? AND JOB_NAME = ? AND JOB_GROUP = ?",
        jobs,
        (s, job) -> {
          bindJob(s, 1, job);
          s.setString(8, schedulerName);
          s.setString(9, job.id());
          s.setString(10, QuartzNames.JOB_GROUP);
        });
  }

  /** Seven columns from {@code first}: description to job data. */
  private static void bindJob(PreparedStatement s, int first, QuartzJob job) throws SQLException {
    s.setString(first, job.description().orElse(null));
    s.setString(first + 1, QuartzNames.JOB_CLASS_NAME);
    s.setBoolean(first + 2, true);
    s.setBoolean(first + 3, false);
    s.setBoolean(first + 4, false);
    s.setBoolean(first + 5, job.requestsRecovery());
    s.setBytes(first + 6, properties(job.data()));
  }

  /**
   * Inserts schedule triggers whose first fire time is computed, in {@code state}: their {@code
   * QRTZ_TRIGGERS} rows, then their {@code QRTZ_SIMPROP_TRIGGERS} rows.
   */
  void insertTriggers(Collection<CronstoneTrigger> triggers, String state) throws SQLException {
    insert(
        "QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, JOB_NAME, JOB_GROUP, DESCRIPTION,"
            + " NEXT_FIRE_TIME, PREV_FIRE_TIME, TRIGGER_STATE, TRIGGER_TYPE, START_TIME, END_TIME,"
            + " CALENDAR_NAME, MISFIRE_INSTR, JOB_DATA, PRIORITY)",
        16,
        triggers,
        (s, at, t) -> {
          s.setString(at, schedulerName);
          s.setString(at + 1, t.getKey().getName());
          s.setString(at + 2, t.getKey().getGroup());
          s.setString(at + 3, t.getJobKey().getName());
          s.setString(at + 4, t.getJobKey().getGroup());
          s.setString(at + 5, t.getDescription());
          s.setLong(at + 6, t.getNextFireTime().getTime());
          s.setLong(
              at + 7, t.getPreviousFireTime() == null ? -1 : t.getPreviousFireTime().getTime());
          s.setString(at + 8, state);
          s.setString(at + 9, CronstoneTriggerPersistenceDelegate.TRIGGER_TYPE);
          s.setLong(at + 10, t.getStartTime().getTime());
          s.setLong(at + 11, t.getEndTime() == null ? 0 : t.getEndTime().getTime());
          s.setString(at + 12, t.getCalendarName());
          s.setInt(at + 13, t.getMisfireInstruction());
          s.setBytes(at + 14, t.getJobDataMap().isEmpty() ? new byte[0] : properties(dataOf(t)));
          s.setInt(at + 15, t.getPriority());
        });
    insert(
        "QRTZ_SIMPROP_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, STR_PROP_1, STR_PROP_2,"
            + " STR_PROP_3, INT_PROP_1, INT_PROP_2, LONG_PROP_1, LONG_PROP_2, DEC_PROP_1, DEC_PROP_2,"
            + " BOOL_PROP_1, BOOL_PROP_2)",
        14,
        triggers,
        (s, at, t) -> {
          SimplePropertiesTriggerProperties p = CronstoneTriggerPersistenceDelegate.propertiesOf(t);
          s.setString(at, schedulerName);
          s.setString(at + 1, t.getKey().getName());
          s.setString(at + 2, t.getKey().getGroup());
          s.setString(at + 3, p.getString1());
          s.setString(at + 4, p.getString2());
          s.setString(at + 5, p.getString3());
          s.setInt(at + 6, p.getInt1());
          s.setInt(at + 7, p.getInt2());
          s.setLong(at + 8, p.getLong1());
          s.setLong(at + 9, p.getLong2());
          setDecimal(s, at + 10, p.getDecimal1());
          setDecimal(s, at + 11, p.getDecimal2());
          s.setBoolean(at + 12, p.isBoolean1());
          s.setBoolean(at + 13, p.isBoolean2());
        });
  }

  private static void setDecimal(PreparedStatement s, int index, BigDecimal value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.DECIMAL);
    } else {
      s.setBigDecimal(index, value);
    }
  }

  /** Deletes the schedule trigger of each job (if it has one), with its type's row. */
  void deleteScheduleTriggers(Collection<String> jobIds) throws SQLException {
    String key = " WHERE SCHED_NAME = ? AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?";
    for (String table : TRIGGER_CHILDREN) {
      batch("DELETE FROM " + table + key, jobIds, this::bindTriggerKey);
    }
    batch("DELETE FROM QRTZ_TRIGGERS" + key, jobIds, this::bindTriggerKey);
  }

  private void bindTriggerKey(PreparedStatement s, String jobId) throws SQLException {
    s.setString(1, schedulerName);
    s.setString(2, jobId);
    s.setString(3, QuartzNames.JOB_GROUP);
  }

  /**
   * Pauses every trigger of each job as Quartz's {@code pauseJob} does: {@code WAITING} and {@code
   * ACQUIRED} become {@code PAUSED}, {@code BLOCKED} becomes {@code PAUSED_BLOCKED}.
   */
  void pauseTriggersOf(Collection<String> jobIds) throws SQLException {
    batch(
        "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = CASE WHEN TRIGGER_STATE = 'BLOCKED'"
            + " THEN 'PAUSED_BLOCKED' ELSE 'PAUSED' END"
            + " WHERE SCHED_NAME = ? AND JOB_NAME = ? AND JOB_GROUP = ?"
            + " AND TRIGGER_STATE IN ('WAITING', 'ACQUIRED', 'BLOCKED')",
        jobIds,
        this::bindJobKey);
  }

  /** Deletes each job with all its triggers (schedule, runs, retries), as Quartz's removeJob. */
  void deleteJobs(Collection<String> jobIds) throws SQLException {
    for (String table : TRIGGER_CHILDREN) {
      batch(
          "DELETE FROM "
              + table
              + " WHERE SCHED_NAME = ? AND EXISTS (SELECT 1 FROM QRTZ_TRIGGERS t"
              + " WHERE t.SCHED_NAME = ? AND t.JOB_NAME = ? AND t.JOB_GROUP = ?"
              + " AND t.TRIGGER_NAME = "
              + table
              + ".TRIGGER_NAME AND t.TRIGGER_GROUP = "
              + table
              + ".TRIGGER_GROUP)",
          jobIds,
          (s, id) -> {
            s.setString(1, schedulerName);
            s.setString(2, schedulerName);
            s.setString(3, id);
            s.setString(4, QuartzNames.JOB_GROUP);
          });
    }
    String job = " WHERE SCHED_NAME = ? AND JOB_NAME = ? AND JOB_GROUP = ?";
    batch("DELETE FROM QRTZ_TRIGGERS" + job, jobIds, this::bindJobKey);
    batch("DELETE FROM QRTZ_JOB_DETAILS" + job, jobIds, this::bindJobKey);
  }

  private void bindJobKey(PreparedStatement s, String jobId) throws SQLException {
    s.setString(1, schedulerName);
    s.setString(2, jobId);
    s.setString(3, QuartzNames.JOB_GROUP);
  }

  private boolean selectsRow(String sql) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, schedulerName);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * Inserts the items {@value #ROWS_PER_INSERT} rows per statement ({@code INSERT ... VALUES (..),
   * (..)}): a single-row statement per job costs the database more than the row itself.
   */
  private <T> void insert(
      String tableAndColumns, int width, Collection<T> items, RowBinder<T> binder)
      throws SQLException {
    List<T> all = List.copyOf(items);
    String row = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
    for (int from = 0; from < all.size(); from += ROWS_PER_INSERT) {
      List<T> part = all.subList(from, Math.min(all.size(), from + ROWS_PER_INSERT));
      String sql =
          "INSERT INTO "
              + tableAndColumns
              + " VALUES "
              + String.join(", ", Collections.nCopies(part.size(), row));
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int at = 1;
        for (T item : part) {
          binder.bind(statement, at, item);
          at += width;
        }
        statement.executeUpdate();
      }
    }
  }

  private <T> void batch(String sql, Collection<T> items, Binder<T> binder) throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (T item : items) {
        binder.bind(statement, item);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> dataOf(CronstoneTrigger trigger) {
    return (Map<String, String>) (Map<?, ?>) trigger.getJobDataMap().getWrappedMap();
  }

  /**
   * Job data as Quartz stores it with {@code useProperties=true}: {@link Properties#store} with an
   * empty comment ({@code StdJDBCDelegate.serializeProperties}).
   */
  static byte[] properties(Map<String, String> data) {
    Properties properties = new Properties();
    properties.putAll(data);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      properties.store(bytes, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @FunctionalInterface
  private interface RowBinder<T> {
    void bind(PreparedStatement statement, int firstIndex, T item) throws SQLException;
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }
}
