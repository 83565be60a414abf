package dev.cronstone.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that computes fire instants: one or more expressions in a zone, with the
 * daylight-saving rules 1-3 of docs/schedules.md. A pure function of the expressions, the zone and
 * the zone rules. Fire times lie in the local years 1970-2199; nothing later is returned.
 */
public final class Schedule {
  /** No wall time of year 2199 or earlier is later than this instant in any zone. */
  private static final Instant LATEST = Instant.parse("2200-01-02T00:00:00Z");

  /** No wall time of year 1970 or later is earlier than this instant in any zone. */
  private static final Instant EARLIEST = Instant.parse("1969-12-30T00:00:00Z");

  private final List<CronExpression> expressions;
  private final ZoneId zone;
  private final FireSearch search;

  private Schedule(List<CronExpression> expressions, ZoneId zone) {
    this.expressions = expressions;
    this.zone = zone;
    this.search = new FireSearch(expressions, zone);
  }

  /** A schedule of one or more expressions; a fire instant they share fires once (rule 3). */
  public static Schedule of(List<CronExpression> expressions, ZoneId zone) {
    Objects.requireNonNull(expressions, "expressions");
    Objects.requireNonNull(zone, "zone");
    if (expressions.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one expression");
    }
    return new Schedule(List.copyOf(expressions), zone);
  }

  public ZoneId zone() {
    return zone;
  }

  public List<CronExpression> expressions() {
    return expressions;
  }

  /** The first fire strictly after {@code after}; empty when none before the search horizon. */
  public Optional<FireTime> next(Instant after) {
    return next(after, LATEST);
  }

  /**
   * The first fire strictly after {@code after} and no later than {@code horizon}: bounds the work
   * for an expression that rarely or never fires (such as {@code 0 0 30 2 ?}).
   */
  public Optional<FireTime> next(Instant after, Instant horizon) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(horizon, "horizon");
    Instant until = horizon.isAfter(LATEST) ? LATEST : horizon;
    Instant from = after.isBefore(EARLIEST) ? EARLIEST : after;
    if (!from.isBefore(until)) {
      return Optional.empty();
    }
    Instant firstSecond = Instant.ofEpochSecond(from.getEpochSecond() + 1);
    return search.first(firstSecond, Instant.ofEpochSecond(until.getEpochSecond()));
  }

  /** Up to {@code count} fires strictly after {@code after}, in order. */
  public List<FireTime> upcoming(Instant after, int count) {
    return collect(after, LATEST, count);
  }

  /** Fires in (afterExclusive, untilInclusive], oldest first, at most {@code limit}. */
  public List<FireTime> between(Instant afterExclusive, Instant untilInclusive, int limit) {
    Objects.requireNonNull(untilInclusive, "untilInclusive");
    return collect(afterExclusive, untilInclusive, limit);
  }

  private List<FireTime> collect(Instant after, Instant until, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    List<FireTime> fires = new ArrayList<>();
    Optional<FireTime> next = limit == 0 ? Optional.empty() : next(after, until);
    while (next.isPresent()) {
      fires.add(next.get());
      if (fires.size() == limit) {
        break;
      }
      next = next(next.get().instant(), until);
    }
    return List.copyOf(fires);
  }

  @Override
  public String toString() {
    return "Schedule" + expressions + " in " + zone;
  }
}
