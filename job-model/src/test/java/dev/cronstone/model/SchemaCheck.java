package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Test fixture: {@code docs/job-spec.schema.json} (read through {@link JobSpecSchema}, as a node
 * serves it) compiled by a real JSON Schema 2020-12 validator, and the check every spec fixture
 * passes through ({@link Specs}): what the loader accepts, the schema accepts.
 */
final class SchemaCheck {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  static final ObjectNode SCHEMA = read();
  private static final JsonSchema COMPILED = FACTORY.getSchema(SCHEMA);

  private SchemaCheck() {}

  private static ObjectNode read() {
    try {
      return (ObjectNode) JSON.readTree(JobSpecSchema.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the schema finds wrong with a spec's tree; empty when it accepts it. */
  static List<String> problems(JsonNode tree) {
    return COMPILED.validate(tree).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** The tree of a spec file's bytes, exactly as the loader reads it before validating. */
  static ObjectNode tree(String source, byte[] content) {
    try {
      return SpecReader.read(content, SpecFormat.of(source).orElseThrow());
    } catch (SpecSyntaxException e) {
      throw new AssertionError(source + " does not parse: " + e.getMessage(), e);
    }
  }

  /** Fails when the loader accepted the spec and the schema refuses it. */
  static void agreesWith(SpecFile file, byte[] content) {
    if (!file.valid()) {
      return;
    }
    assertThat(problems(tree(file.source(), content)))
        .as(
            "the loader accepts %s, so docs/job-spec.schema.json must accept it too:%n%s",
            file.source(), new String(content, java.nio.charset.StandardCharsets.UTF_8))
        .isEmpty();
  }
}
