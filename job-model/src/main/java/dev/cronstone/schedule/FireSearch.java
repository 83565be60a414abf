package dev.cronstone.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * Walks the zone's offset segments from an instant and returns the first fire of any expression:
 * the heart of rules 1-3 of docs/schedules.md ("Daylight saving: the rules").
 */
final class FireSearch {
  private final List<CronExpression> expressions;
  private final ZoneId zone;
  private final ZoneRules rules;

  FireSearch(List<CronExpression> expressions, ZoneId zone) {
    this.expressions = expressions;
    this.zone = zone;
    this.rules = zone.getRules();
  }

  /** The first fire in [from, until]; both are whole seconds. */
  Optional<FireTime> first(Instant from, Instant until) {
    Instant start = from;
    ZoneOffsetTransition opening = rules.previousTransition(from.plusNanos(1));
    while (!start.isAfter(until)) {
      ZoneOffset offset = rules.getOffset(start);
      ZoneOffsetTransition closing = rules.nextTransition(start);
      boolean last = closing == null || closing.getInstant().isAfter(until);
      Instant end = last ? until.plusSeconds(1) : closing.getInstant();
      Optional<FireTime> found = first(new Segment(start, end, offset, opening, zone));
      if (found.isPresent()) {
        return found.filter(f -> !f.instant().isAfter(until));
      }
      if (last) {
        return Optional.empty();
      }
      start = closing.getInstant();
      opening = closing;
    }
    return Optional.empty();
  }

  private Optional<FireTime> first(Segment segment) {
    Optional<FireTime> best = Optional.empty();
    for (CronExpression expression : expressions) {
      Optional<FireTime> candidate = segment.first(expression);
      if (candidate.isPresent()
          && (best.isEmpty() || Segment.ORDER.compare(candidate.get(), best.get()) < 0)) {
        best = candidate;
      }
    }
    return best;
  }
}
