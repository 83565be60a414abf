package dev.cronstone.service;

import java.util.List;
import java.util.Objects;

/** What {@link StoreRepair} found, and did or would do. */
public final class Repair {
  private Repair() {}

  /**
   * The outcome of one run.
   *
   * @param applied whether the fixes were written ({@code --apply}) or only planned (dry run)
   * @param fixes the triggers that are (or would be) changed, each with the reason
   * @param leftAlone stuck-looking triggers repair does not touch, each with the reason
   */
  public record Report(boolean applied, List<Fix> fixes, List<LeftAlone> leftAlone) {
    public Report {
      fixes = List.copyOf(fixes);
      leftAlone = List.copyOf(leftAlone);
    }

    public boolean clean() {
      return fixes.isEmpty();
    }
  }

  /** One trigger's state change, {@code fromState} to {@code toState}. */
  public record Fix(
      String triggerGroup,
      String triggerName,
      String jobGroup,
      String jobName,
      String fromState,
      String toState,
      String reason) {
    public Fix {
      Objects.requireNonNull(triggerName, "triggerName");
      Objects.requireNonNull(fromState, "fromState");
      Objects.requireNonNull(toState, "toState");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A trigger in BLOCKED or ACQUIRED that a node holds (a fired-trigger row names it): not touched.
   */
  public record LeftAlone(
      String triggerGroup,
      String triggerName,
      String jobGroup,
      String jobName,
      String state,
      String heldBy,
      boolean holderAlive,
      String reason) {}
}
