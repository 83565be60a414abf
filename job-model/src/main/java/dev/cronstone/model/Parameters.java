package dev.cronstone.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** The free-form JSON object handed to the task ({@code parameters}); immutable: copies out. */
public record Parameters(ObjectNode json) {
  public Parameters {
    json = Objects.requireNonNull(json, "json").deepCopy();
  }

  public static Parameters empty() {
    return new Parameters(JsonNodeFactory.instance.objectNode());
  }

  /** A copy of the object; changing it changes nothing here. */
  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
