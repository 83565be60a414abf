package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the delay between retry attempts grows. Written in lower case in specs. */
public enum Backoff implements SpecName {
  FIXED,
  EXPONENTIAL;

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
