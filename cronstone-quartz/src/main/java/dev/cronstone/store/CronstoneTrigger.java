package dev.cronstone.store;

import dev.cronstone.schedule.CronExpression;
import dev.cronstone.schedule.CronSyntaxException;
import dev.cronstone.schedule.FireTime;
import dev.cronstone.schedule.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.Calendar;
import org.quartz.ScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.impl.triggers.AbstractTrigger;

/**
 * A job's whole schedule as one Quartz trigger: all its cron expressions and its zone, with every
 * fire time taken from the schedule calculator ({@link Schedule}), so Quartz fires exactly at the
 * instants of docs/schedules.md. Quartz keeps only the next fire time (epoch millis); this class
 * computes it when the trigger is scheduled, each time it fires (inside Quartz's firing
 * transaction), after a misfire and when its calendar changes.
 *
 * <p>Persisted by {@link CronstoneTriggerPersistenceDelegate}; every node needs it configured.
 */
public final class CronstoneTrigger extends AbstractTrigger<CronstoneTrigger> {
  private static final long serialVersionUID = 1L;

  /** The room for the expressions joined by newlines: {@code QRTZ_SIMPROP_TRIGGERS.STR_PROP_1}. */
  public static final int MAX_EXPRESSIONS_TEXT = 512;

  /** How far a Quartz calendar may push the search before the trigger counts as finished. */
  private static final long CALENDAR_HORIZON_DAYS = 3653;

  private List<String> expressions = List.of();
  private ZoneId zone;
  private Date startTime = new Date();
  private Date endTime;
  private Date nextFireTime;
  private Date previousFireTime;
  private transient Schedule schedule;
  private transient Clock clock;

  /** Use {@link CronstoneTriggers#forSchedule} or {@link CronstoneScheduleBuilder}. */
  public CronstoneTrigger() {
    setMisfireInstruction(MisfirePolicy.FIRE_ONCE_NOW.code());
  }

  void setSchedule(List<String> cronExpressions, ZoneId scheduleZone) {
    this.expressions = List.copyOf(cronExpressions);
    this.zone = scheduleZone;
    this.schedule = null;
  }

  /** Reads "now" from this clock instead of the system's; for tests. */
  void setClock(Clock testClock) {
    this.clock = testClock;
  }

  /** The cron expressions, in the order of the spec. */
  public List<String> getExpressions() {
    return expressions;
  }

  /** The IANA zone the expressions are read in. */
  public ZoneId getZone() {
    return zone;
  }

  /** The job's misfire policy, from the stored misfire instruction. */
  public MisfirePolicy getMisfirePolicy() {
    return MisfirePolicy.ofCode(getMisfireInstruction());
  }

  /** The calculator for this trigger's expressions and zone. */
  public Schedule schedule() {
    if (schedule == null) {
      schedule = parsedSchedule(expressions, zone);
    }
    return schedule;
  }

  /**
   * Distinct schedules parsed once per process; a trigger is rebuilt from its row on every fire.
   */
  private static final Map<List<Object>, Schedule> PARSED = new ConcurrentHashMap<>();

  private static final int MAX_PARSED = 20_000;

  private static Schedule parsedSchedule(List<String> expressions, ZoneId zone) {
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    return PARSED.computeIfAbsent(
        List.of(expressions, zone), k -> Schedule.of(parse(expressions), zone));
  }

  static List<CronExpression> parse(List<String> texts) {
    List<CronExpression> parsed = new ArrayList<>(texts.size());
    for (String text : texts) {
      try {
        parsed.add(CronExpression.parse(text));
      } catch (CronSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid cron expression '" + text + "': " + e.getMessage(), e);
      }
    }
    return parsed;
  }

  @Override
  public Date getStartTime() {
    return startTime;
  }

  @Override
  public void setStartTime(Date startTime) {
    if (startTime == null) {
      throw new IllegalArgumentException("Start time cannot be null");
    }
    if (endTime != null && endTime.before(startTime)) {
      throw new IllegalArgumentException("End time cannot be before start time");
    }
    this.startTime = startTime;
  }

  @Override
  public Date getEndTime() {
    return endTime;
  }

  @Override
  public void setEndTime(Date endTime) {
    if (endTime != null && endTime.before(startTime)) {
      throw new IllegalArgumentException("End time cannot be before start time");
    }
    this.endTime = endTime;
  }

  @Override
  public Date getNextFireTime() {
    return nextFireTime;
  }

  @Override
  public void setNextFireTime(Date nextFireTime) {
    this.nextFireTime = nextFireTime;
  }

  @Override
  public Date getPreviousFireTime() {
    return previousFireTime;
  }

  @Override
  public void setPreviousFireTime(Date previousFireTime) {
    this.previousFireTime = previousFireTime;
  }

  @Override
  public boolean mayFireAgain() {
    return nextFireTime != null;
  }

  /** Not computed: the calculator searches forward only. Null, as for an endless trigger. */
  @Override
  public Date getFinalFireTime() {
    return null;
  }

  /** The schedule's first fire strictly after {@code afterTime}, not before the start time. */
  @Override
  public Date getFireTimeAfter(Date afterTime) {
    return toDate(fireAfter(afterTime == null ? now() : afterTime.toInstant(), null));
  }

  @Override
  public Date computeFirstFireTime(Calendar calendar) {
    nextFireTime = toDate(fireAfter(startTime.toInstant().minusMillis(1), calendar));
    return nextFireTime;
  }

  @Override
  public void triggered(Calendar calendar) {
    previousFireTime = nextFireTime;
    dropDeliveredMissedFires(nextFireTime.toInstant());
    nextFireTime = toDate(fireAfter(nextFireTime.toInstant(), calendar));
  }

  /**
   * Quartz calls this in its misfire transaction when the next fire time is older than the misfire
   * threshold. Every policy lists the missed schedule instants (from the old next fire time up to
   * now, see {@link MissedFires}) in the trigger's job data and fires once now: that fire carries
   * the list to the node, which records skips, runs the latest missed fire or replays them, as
   * {@code schedule.misfire} says. With nothing missed the schedule resumes after now.
   */
  @Override
  public void updateAfterMisfire(Calendar calendar) {
    if (getMisfireInstruction() == Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY) {
      return;
    }
    Instant now = now().truncatedTo(ChronoUnit.MILLIS);
    Instant missedFrom = nextFireTime.toInstant();
    Optional<MissedFires> pending =
        pendingMissedFires().filter(p -> p.firedAt().equals(missedFrom));
    MissedFires missed =
        MissedFires.walk(
            pending.isPresent() ? missedFrom.plusMillis(1) : missedFrom,
            now,
            now,
            after -> fireAfter(after, calendar));
    if (pending.isPresent()) {
      missed = pending.get().then(missed);
    }
    if (missed.total() == 0) {
      getJobDataMap().remove(JobData.MISSED_FIRES);
      nextFireTime = toDate(fireAfter(now, calendar));
      return;
    }
    getJobDataMap().put(JobData.MISSED_FIRES, missed.encode());
    nextFireTime = Date.from(now);
  }

  /** The missed fire times this trigger holds for a fire, if any. */
  public Optional<MissedFires> pendingMissedFires() {
    return MissedFires.decode(getJobDataMap().getString(JobData.MISSED_FIRES));
  }

  /**
   * Keeps the list for the fire it belongs to; any later fire removes it (stored with the fire).
   */
  private void dropDeliveredMissedFires(Instant firing) {
    if (getJobDataMap().containsKey(JobData.MISSED_FIRES)
        && !pendingMissedFires().map(MissedFires::firedAt).filter(firing::equals).isPresent()) {
      getJobDataMap().remove(JobData.MISSED_FIRES);
    }
  }

  @Override
  public void updateWithNewCalendar(Calendar calendar, long misfireThreshold) {
    Instant from =
        previousFireTime != null
            ? previousFireTime.toInstant()
            : startTime.toInstant().minusMillis(1);
    Optional<Instant> next = fireAfter(from, calendar);
    Instant now = now();
    if (next.isPresent() && next.get().isBefore(now.minusMillis(misfireThreshold))) {
      next = fireAfter(now, calendar);
    }
    nextFireTime = toDate(next);
  }

  /**
   * Accepts every code: a row must always load, whatever node wrote it (an unreadable trigger stops
   * Quartz's acquisition). Unknown codes act as {@link MisfirePolicy#FIRE_ONCE_NOW}.
   */
  @Override
  protected boolean validateMisfireInstruction(int candidateMisfireInstruction) {
    return candidateMisfireInstruction >= Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY;
  }

  @Override
  public ScheduleBuilder<CronstoneTrigger> getScheduleBuilder() {
    return new CronstoneScheduleBuilder(expressions, zone, getMisfireInstruction());
  }

  private Optional<Instant> fireAfter(Instant after, Calendar calendar) {
    Instant notBefore = startTime.toInstant().minusMillis(1);
    Instant from = after.isBefore(notBefore) ? notBefore : after;
    Instant horizon = from.plus(CALENDAR_HORIZON_DAYS, ChronoUnit.DAYS);
    Optional<Instant> next = schedule().next(from).map(FireTime::instant);
    while (next.isPresent()
        && calendar != null
        && !calendar.isTimeIncluded(next.get().toEpochMilli())) {
      long excluded = next.get().toEpochMilli();
      long included = calendar.getNextIncludedTime(excluded);
      if (included <= 0 || Instant.ofEpochMilli(included).isAfter(horizon)) {
        return Optional.empty();
      }
      next =
          schedule()
              .next(Instant.ofEpochMilli(Math.max(included - 1, excluded)))
              .map(FireTime::instant);
    }
    if (next.isPresent() && endTime != null && next.get().isAfter(endTime.toInstant())) {
      return Optional.empty();
    }
    return next;
  }

  private Instant now() {
    return (clock == null ? Clock.systemUTC() : clock).instant();
  }

  private static Date toDate(Optional<Instant> instant) {
    return instant.map(Date::from).orElse(null);
  }
}
