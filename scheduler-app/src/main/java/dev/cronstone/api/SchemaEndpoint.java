package dev.cronstone.api;

import dev.cronstone.model.JobSpecSchema;

/**
 * {@code GET /api/v1/schema/job-spec.json}: the JSON Schema (2020-12) of a job spec, exactly the
 * file {@code docs/job-spec.schema.json} of this build, so that a form (the console's editor) or a
 * client can check and complete specs with the same fields, enums and ranges as the validator.
 */
final class SchemaEndpoint {
  static final String PATH = "/schema/job-spec.json";

  private final byte[] schema = JobSpecSchema.bytes();

  void routes(Router router, String prefix) {
    router.add("GET", prefix + PATH, this::schema);
  }

  private void schema(Call call) {
    call.bytes(200, JobSpecSchema.MEDIA_TYPE, schema);
  }
}
