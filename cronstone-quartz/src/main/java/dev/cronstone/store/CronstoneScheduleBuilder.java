package dev.cronstone.store;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.quartz.ScheduleBuilder;
import org.quartz.spi.MutableTrigger;

/**
 * The {@link ScheduleBuilder} of a {@link CronstoneTrigger}: Quartz's {@code TriggerBuilder} calls
 * it, for new triggers and for every trigger row it loads from the store.
 */
public final class CronstoneScheduleBuilder extends ScheduleBuilder<CronstoneTrigger> {
  private final List<String> expressions;
  private final ZoneId zone;
  private final int misfireInstruction;

  CronstoneScheduleBuilder(List<String> expressions, ZoneId zone, int misfireInstruction) {
    this.expressions = List.copyOf(expressions);
    this.zone = Objects.requireNonNull(zone, "zone");
    this.misfireInstruction = misfireInstruction;
  }

  /**
   * A schedule of these expressions in this zone, checked now so a bad one never reaches the store.
   */
  public static CronstoneScheduleBuilder of(
      List<String> expressions, ZoneId zone, MisfirePolicy misfire) {
    Objects.requireNonNull(expressions, "expressions");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(misfire, "misfire");
    if (expressions.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one cron expression");
    }
    List<String> trimmed = expressions.stream().map(String::trim).toList();
    String text = CronstoneTriggerPersistenceDelegate.joinExpressions(trimmed);
    if (text.length() > CronstoneTrigger.MAX_EXPRESSIONS_TEXT) {
      throw new IllegalArgumentException(
          "the cron expressions take "
              + text.length()
              + " characters joined by newlines; the store holds "
              + CronstoneTrigger.MAX_EXPRESSIONS_TEXT);
    }
    CronstoneTrigger.parse(trimmed);
    return new CronstoneScheduleBuilder(trimmed, zone, misfire.code());
  }

  @Override
  protected MutableTrigger build() {
    CronstoneTrigger trigger = new CronstoneTrigger();
    trigger.setSchedule(expressions, zone);
    trigger.setMisfireInstruction(misfireInstruction);
    return trigger;
  }
}
