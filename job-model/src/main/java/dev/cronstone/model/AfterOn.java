package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which ends of an upstream job's run start a run of the downstream job ({@code after[i].on}).
 * Written in lower case in specs.
 */
public enum AfterOn implements SpecName {
  /** The upstream run succeeded. */
  SUCCESS,
  /** The upstream run ran and did not succeed (failed, timed out, cancelled, abandoned). */
  FAILURE,
  /** Either. */
  ALWAYS;

  /** Whether an upstream run that ran, and {@code succeeded} or not, qualifies. */
  public boolean matches(boolean succeeded) {
    return switch (this) {
      case SUCCESS -> succeeded;
      case FAILURE -> !succeeded;
      case ALWAYS -> true;
    };
  }

  /** The constant written {@code name} in a spec (and in the store). */
  public static AfterOn of(String name) {
    return SpecName.lookup(AfterOn.class, name)
        .orElseThrow(() -> new IllegalArgumentException("unknown after.on: " + name));
  }

  @Override
  @JsonValue
  public String specName() {
    return SpecName.lowerCase(this);
  }

  @Override
  public String toString() {
    return specName();
  }
}
