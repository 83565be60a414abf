package dev.cronstone.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fire times a trigger missed, as {@link CronstoneTrigger#updateAfterMisfire} found them: the
 * newest {@value #MAX_LISTED} missed schedule instants (oldest first), how many older ones were
 * left out, and the fire that hands them to a node ({@code firedAt}, the instant the trigger was
 * moved to). Kept in the trigger's own job data under {@value #KEY} as a compact string, so it is
 * stored with the trigger in Quartz's misfire transaction and read by whichever node fires it.
 *
 * @param firedAt the fire that carries this list: only a fire with this scheduled time reads it
 * @param listed the newest missed instants, ascending, at most {@value #MAX_LISTED}
 * @param dropped how many missed instants older than the first listed one are not listed
 * @param exact false when the walk was cut short and {@code dropped} is a lower bound
 * @param firstMissed the oldest missed instant (the trigger's next fire time when it misfired)
 */
public record MissedFires(
    Instant firedAt, List<Instant> listed, long dropped, boolean exact, Instant firstMissed) {
  /** The trigger job data key. */

  /** At most this many missed instants are listed: {@code schedule.maxCatchUp}'s upper limit. */
  public static final int MAX_LISTED = 1000;

  /** At most this many schedule instants are walked per stretch before the walk jumps ahead. */
  static final int WALK_CAP = 20_000;

  private static final String FORMAT = "1";

  public MissedFires {
    Objects.requireNonNull(firedAt, "firedAt");
    listed = List.copyOf(listed);
    Objects.requireNonNull(firstMissed, "firstMissed");
    if (listed.size() > MAX_LISTED || dropped < 0) {
      throw new IllegalArgumentException("at most " + MAX_LISTED + " listed, dropped >= 0");
    }
  }

  /** Every missed instant, counted: listed plus dropped. */
  public long total() {
    return listed.size() + dropped;
  }

  /**
   * Walks the schedule from {@code from} (inclusive) to {@code now} (inclusive), keeping the newest
   * {@value #MAX_LISTED} instants. {@code fireAfter} is the trigger's "first fire strictly after".
   * Bounded: after {@value #WALK_CAP} instants without reaching now it jumps to about {@value
   * #MAX_LISTED} periods before now, counting what it jumped over as dropped (inexactly).
   */
  static MissedFires walk(
      Instant from, Instant now, Instant firedAt, Function<Instant, Optional<Instant>> fireAfter) {
    Deque<Instant> newest = new ArrayDeque<>();
    long dropped = 0;
    boolean exact = true;
    Instant first = null;
    Instant cursor = from.minusMillis(1);
    int steps = 0;
    Instant stretchStart = null;
    while (true) {
      Optional<Instant> next = fireAfter.apply(cursor);
      if (next.isEmpty() || next.get().isAfter(now)) {
        break;
      }
      Instant fire = next.get();
      first = first == null ? fire : first;
      stretchStart = stretchStart == null ? fire : stretchStart;
      newest.addLast(fire);
      if (newest.size() > MAX_LISTED) {
        newest.removeFirst();
        dropped++;
      }
      cursor = fire;
      if (++steps >= WALK_CAP) {
        double period =
            Math.max(
                1.0, (fire.toEpochMilli() - stretchStart.toEpochMilli()) / (double) (steps - 1));
        Instant jumpTo = now.minusMillis((long) (period * (MAX_LISTED + 1)));
        if (jumpTo.isAfter(cursor)) {
          dropped +=
              newest.size() + Math.round((jumpTo.toEpochMilli() - cursor.toEpochMilli()) / period);
          newest.clear();
          exact = false;
          cursor = jumpTo;
        }
        steps = 0;
        stretchStart = null;
      }
    }
    return new MissedFires(
        firedAt, new ArrayList<>(newest), dropped, exact, first == null ? from : first);
  }

  /** This list followed by {@code later}'s (a trigger that misfired again before its fire came). */
  MissedFires then(MissedFires later) {
    List<Instant> all = new ArrayList<>(listed);
    all.addAll(later.listed);
    long overflow = Math.max(0, all.size() - MAX_LISTED);
    List<Instant> kept = all.subList((int) overflow, all.size());
    return new MissedFires(
        later.firedAt, kept, dropped + later.dropped + overflow, exact && later.exact, firstMissed);
  }

  /** The stored form: {@code 1;firedAt;firstMissed;dropped;exact;i1,i2,...} in epoch millis. */
  public String encode() {
    StringBuilder text =
        new StringBuilder(FORMAT)
            .append(';')
            .append(firedAt.toEpochMilli())
            .append(';')
            .append(firstMissed.toEpochMilli())
            .append(';')
            .append(dropped)
            .append(';')
            .append(exact ? 1 : 0)
            .append(';');
    for (int i = 0; i < listed.size(); i++) {
      text.append(i == 0 ? "" : ",").append(listed.get(i).toEpochMilli());
    }
    return text.toString();
  }

  /**
   * The list held in {@code text}; empty for an absent or unreadable value (logged by the caller).
   */
  public static Optional<MissedFires> decode(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      String[] parts = text.split(";", -1);
      if (parts.length != 6 || !FORMAT.equals(parts[0])) {
        return Optional.empty();
      }
      List<Instant> listed =
          parts[5].isEmpty()
              ? List.of()
              : Arrays.stream(parts[5].split(","))
                  .map(s -> Instant.ofEpochMilli(Long.parseLong(s)))
                  .toList();
      return Optional.of(
          new MissedFires(
              Instant.ofEpochMilli(Long.parseLong(parts[1])),
              listed,
              Long.parseLong(parts[3]),
              "1".equals(parts[4]),
              Instant.ofEpochMilli(Long.parseLong(parts[2]))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
