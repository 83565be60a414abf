package dev.cronstone.model;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Test fixture: a loader on a fixed clock and quick ways to parse spec text. Every spec parsed here
 * that the loader accepts is also checked against docs/job-spec.schema.json ({@link SchemaCheck}).
 */
final class Specs {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final SpecLoader LOADER = new SpecLoader(Clock.fixed(NOW, ZoneOffset.UTC));

  private Specs() {}

  static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  static SpecFile yaml(String text) {
    return parse("job.yaml", text);
  }

  static SpecFile json(String text) {
    return parse("job.json", text);
  }

  static SpecFile parse(String source, String text) {
    return parse(source, text.getBytes(StandardCharsets.UTF_8));
  }

  static SpecFile parse(String source, byte[] content) {
    SpecFile file = LOADER.parse(source, content);
    SchemaCheck.agreesWith(file, content);
    return file;
  }
}
