package dev.cronstone.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.Comparator;
import java.util.Optional;

/**
 * A stretch [start, end) of the timeline with one offset, so that wall time grows with the instant.
 * {@code opening} is the last transition at or before {@code start} (null if none): after a
 * fall-back it tells which wall times already occurred, after a spring-forward which wall times
 * were skipped.
 */
record Segment(
    Instant start, Instant end, ZoneOffset offset, ZoneOffsetTransition opening, ZoneId zone) {

  /** Earlier instant first; on a tie the unshifted fire, whose wall time is the real one. */
  static final Comparator<FireTime> ORDER =
      Comparator.comparing(FireTime::instant).thenComparing(FireTime::shifted);

  /** The first fire of {@code expression} in this segment, at or after {@code start}. */
  Optional<FireTime> first(CronExpression expression) {
    CronFields fields = expression.fields();
    LocalDateTime from = local(start, offset);
    LocalDateTime to = local(end, offset);
    boolean onWallTimes = !expression.followsElapsedTime();
    if (onWallTimes
        && opening != null
        && opening.isOverlap()
        && from.isBefore(opening.getDateTimeBefore())) {
      from =
          opening
              .getDateTimeBefore(); // rule 2: repeated wall times fired at their first occurrence
    }
    Optional<FireTime> natural = fields.nextMatch(from, to).map(w -> fire(w, offset));
    if (!onWallTimes || opening == null || !opening.isGap()) {
      return natural;
    }
    // Rule 2: a wall time in the gap fires shifted forward by the gap, as ZonedDateTime.ofLocal
    // does.
    ZoneOffset before = opening.getOffsetBefore();
    LocalDateTime gapFrom = max(opening.getDateTimeBefore(), local(start, before));
    Optional<FireTime> shifted =
        fields.nextMatch(gapFrom, opening.getDateTimeAfter()).map(w -> fire(w, before));
    if (natural.isEmpty()) {
      return shifted;
    }
    if (shifted.isEmpty()) {
      return natural;
    }
    return Optional.of(
        ORDER.compare(natural.get(), shifted.get()) <= 0 ? natural.get() : shifted.get());
  }

  private FireTime fire(LocalDateTime wall, ZoneOffset at) {
    return new FireTime(wall.toInstant(at), wall, zone);
  }

  private static LocalDateTime local(Instant instant, ZoneOffset offset) {
    return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
  }

  private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
    return a.isAfter(b) ? a : b;
  }
}
