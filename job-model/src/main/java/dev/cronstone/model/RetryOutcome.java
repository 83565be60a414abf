package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Attempt outcomes that {@code retry.retryOn} can name. Written in lower case in specs. */
public enum RetryOutcome implements SpecName {
  FAILED,
  TIMED_OUT;

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
