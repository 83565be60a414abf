package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of task a job can run ({@code task.type}). Written in lower case in specs. */
public enum TaskType implements SpecName {
  COMMAND,
  HTTP,
  BUILTIN;

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
