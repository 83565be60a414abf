package dev.cronstone.store;

import java.util.Locale;

/**
 * A job's {@code schedule.misfire} (docs/policies.md, "Misfire") and the code stored for it in
 * {@code QRTZ_TRIGGERS.MISFIRE_INSTR}. Codes 1 and 2 mean what they mean for Quartz's own cron
 * trigger (fire once now, do nothing), so a Quartz tool's reading of them is close to ours.
 */
public enum MisfirePolicy {
  /**
   * Run the latest missed fire once now, record the older ones skipped, then follow the schedule.
   */
  FIRE_ONCE_NOW(1),
  /** Record every missed fire time skipped ({@code job_skipped_misfire}), run none of them. */
  SKIP(2),
  /**
   * Replay missed fire times oldest first, bounded by {@code catchUpWindow} and {@code maxCatchUp}.
   */
  CATCH_UP(3);

  private final int code;

  MisfirePolicy(int code) {
    this.code = code;
  }

  /** The value of {@code MISFIRE_INSTR}. */
  public int code() {
    return code;
  }

  /**
   * The policy of a stored code. Quartz's "smart policy" (0, a trigger built without a policy) and
   * codes this version does not know (written by a newer node) read as {@link #FIRE_ONCE_NOW}, the
   * spec's default.
   */
  public static MisfirePolicy ofCode(int code) {
    for (MisfirePolicy policy : values()) {
      if (policy.code == code) {
        return policy;
      }
    }
    return FIRE_ONCE_NOW;
  }

  /** The policy named in a spec: {@code fire_once_now}, {@code skip} or {@code catch_up}. */
  public static MisfirePolicy ofSpecName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** The name used in specs. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
