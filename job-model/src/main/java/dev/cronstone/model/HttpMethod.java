package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The HTTP methods an http task may use, written in upper case as in HTTP itself. */
public enum HttpMethod implements SpecName {
  GET,
  HEAD,
  POST,
  PUT,
  PATCH,
  DELETE,
  OPTIONS;

  @Override
  @JsonValue
  public String specName() {
    return name();
  }
}
