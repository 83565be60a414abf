package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a fire does when {@code maxConcurrent} runs of the job are already going. Written in lower
 * case in specs.
 */
public enum Overlap implements SpecName {
  SKIP,
  QUEUE,
  REPLACE;

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
