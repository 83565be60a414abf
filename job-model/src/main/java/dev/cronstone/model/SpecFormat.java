package dev.cronstone.model;

import java.util.Locale;
import java.util.Optional;

/** The two spec file formats, picked by the file name's extension. */
enum SpecFormat {
  YAML,
  JSON;

  static Optional<SpecFormat> of(String sourceName) {
    String name = sourceName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    if (name.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }
}
