package dev.cronstone.store;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerPersistenceDelegateSupport;
import org.quartz.impl.jdbcjobstore.SimplePropertiesTriggerProperties;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.spi.OperableTrigger;

/**
 * Stores a {@link CronstoneTrigger} in Quartz's tables: the common columns in {@code QRTZ_TRIGGERS}
 * (type {@value #TRIGGER_TYPE}, next and previous fire time, misfire code) and its schedule in
 * {@code QRTZ_SIMPROP_TRIGGERS}:
 *
 * <ul>
 *   <li>{@code STR_PROP_1}: the cron expressions, joined by newlines (at most 512 characters);
 *   <li>{@code STR_PROP_2}: the IANA zone id;
 *   <li>{@code INT_PROP_1}: the row format, {@value #FORMAT_VERSION}.
 * </ul>
 *
 * Registered on every node with {@code org.quartz.jobStore.driverDelegateInitString=
 * triggerPersistenceDelegateClasses=}<i>this class</i>; Quartz instantiates it by name.
 */
public final class CronstoneTriggerPersistenceDelegate
    extends SimplePropertiesTriggerPersistenceDelegateSupport {
  /** {@code QRTZ_TRIGGERS.TRIGGER_TYPE} of our triggers; the column is VARCHAR(8). */
  public static final String TRIGGER_TYPE = "CS_CRON";

  static final int FORMAT_VERSION = 1;
  private static final String SEPARATOR = "\n";

  public CronstoneTriggerPersistenceDelegate() {}

  static String joinExpressions(List<String> expressions) {
    return String.join(SEPARATOR, expressions);
  }

  static List<String> splitExpressions(String text) {
    return Arrays.stream(text.split(SEPARATOR))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  @Override
  public boolean canHandleTriggerType(OperableTrigger trigger) {
    return trigger instanceof CronstoneTrigger;
  }

  @Override
  public String getHandledTriggerTypeDiscriminator() {
    return TRIGGER_TYPE;
  }

  @Override
  protected SimplePropertiesTriggerProperties getTriggerProperties(OperableTrigger trigger) {
    return propertiesOf((CronstoneTrigger) trigger);
  }

  /**
   * The {@code QRTZ_SIMPROP_TRIGGERS} columns of a trigger, as this delegate stores them: for
   * writers that insert the rows themselves (sync's set-based writer).
   */
  public static SimplePropertiesTriggerProperties propertiesOf(CronstoneTrigger trigger) {
    SimplePropertiesTriggerProperties props = new SimplePropertiesTriggerProperties();
    props.setString1(joinExpressions(trigger.getExpressions()));
    props.setString2(trigger.getZone().getId());
    props.setInt1(FORMAT_VERSION);
    return props;
  }

  @Override
  protected TriggerPropertyBundle getTriggerPropertyBundle(
      SimplePropertiesTriggerProperties props) {
    // The misfire code lives in QRTZ_TRIGGERS.MISFIRE_INSTR; Quartz sets it after building.
    CronstoneScheduleBuilder schedule =
        new CronstoneScheduleBuilder(
            splitExpressions(props.getString1()),
            ZoneId.of(props.getString2()),
            MisfirePolicy.FIRE_ONCE_NOW.code());
    return new TriggerPropertyBundle(schedule, null, null);
  }
}
