package dev.cronstone.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The JSON Schema (2020-12) of a spec file, for editors and forms: {@code
 * docs/job-spec.schema.json} is its one source, copied onto the classpath by the build. It
 * describes the fields, types, enums, ranges and patterns {@link SpecLoader} checks; the loader
 * remains the full check (cron syntax, placeholders, secrets and the other rules a schema cannot
 * express).
 */
public final class JobSpecSchema {
  /** The schema's classpath resource, beside this class. */
  static final String RESOURCE = "job-spec.schema.json";

  /** The media type of a JSON Schema document. */
  public static final String MEDIA_TYPE = "application/schema+json";

  private JobSpecSchema() {}

  /** The schema's bytes (UTF-8 JSON), exactly as in {@code docs/job-spec.schema.json}. */
  public static byte[] bytes() {
    try (InputStream in = JobSpecSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: the build copies it from docs/");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
