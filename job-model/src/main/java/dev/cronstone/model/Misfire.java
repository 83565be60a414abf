package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a fire missed by more than the store's misfire threshold does (docs/policies.md, "Misfire").
 * Written in lower case in specs.
 */
public enum Misfire implements SpecName {
  FIRE_ONCE_NOW,
  SKIP,
  CATCH_UP;

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
