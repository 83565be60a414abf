package dev.cronstone.model;

import static dev.cronstone.model.SchemaProbes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/job-spec.schema.json as a file: the one a node serves, a valid 2020-12 schema, accepting
 * every example and fixture the loader accepts ({@link Specs} checks every spec the other tests
 * parse too), refusing the bad specs of {@link BadSpecTest} that are wrong for a structural reason,
 * and named by the first lines of the YAML examples for editors. {@link SchemaFieldsTest} and
 * {@link SchemaValuesTest} compare it with the validator field by field.
 */
class JobSpecSchemaTest {
  static final Path DOCS_SCHEMA = Path.of("../docs/job-spec.schema.json");

  /** The first lines of an example: for the YAML language server, then for IntelliJ. */
  private static final List<Pattern> EDITOR_LINES =
      List.of(
          Pattern.compile("# yaml-language-server: \\$schema=(\\S+)"),
          Pattern.compile("# \\$schema: (\\S+)"));

  // ---------------------------------------------------------------- the file

  @Test
  void the_schema_a_node_serves_is_the_file_in_docs() throws IOException {
    assertThat(JobSpecSchema.bytes()).isEqualTo(Files.readAllBytes(DOCS_SCHEMA));
  }

  @Test
  void the_schema_is_a_valid_json_schema_2020_12() {
    JsonSchema meta =
        SchemaCheck.FACTORY.getSchema(
            SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(SchemaCheck.SCHEMA)).isEmpty();
    assertThat(SchemaCheck.SCHEMA.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  // ---------------------------------------------------------------- examples and fixtures

  static Stream<Path> exampleFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir :
        List.of(
            Path.of("../config/jobs"),
            Path.of("src/test/resources/specs/good"),
            Path.of(
                "src/test/resources/dev/cronstone/model/SpecLoaderFuzzTestInputs/"
                    + "any_bytes_give_a_spec_or_problems"))) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void every_example_and_fixture_the_loader_accepts_the_schema_accepts(Path file)
      throws IOException {
    byte[] content = Files.readAllBytes(file);
    String name = file.getFileName().toString();
    String source = name.endsWith("json") ? name + ".json" : name + ".yaml";
    SpecFile spec = Specs.parse(source, content);

    if (!file.startsWith(Path.of("src/test/resources/dev"))) {
      assertThat(spec.problems()).as("an example spec is valid").isEmpty();
    }
    SchemaCheck.agreesWith(spec, content);
  }

  @Test
  void the_specs_written_out_in_the_docs_are_accepted_by_both() throws IOException {
    List<String> blocks = new ArrayList<>();
    for (Path doc : List.of(Path.of("../docs/job-spec.md"), Path.of("../README.md"))) {
      Matcher m =
          Pattern.compile("```(yaml|json)\\n(.*?)```", Pattern.DOTALL)
              .matcher(Files.readString(doc));
      while (m.find()) {
        String text = m.group(2);
        if (text.contains("task")) {
          SpecFile file = Specs.parse(doc.getFileName() + "." + m.group(1), text);
          assertThat(file.problems()).as("%s:%n%s", doc, text).isEmpty();
          blocks.add(text);
        }
      }
    }
    assertThat(blocks).as("the YAML and JSON examples of docs/job-spec.md").hasSizeGreaterThan(1);
  }

  @Test
  void yaml_examples_point_editors_at_the_schema() throws IOException {
    List<Path> yaml =
        exampleFiles()
            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .toList();
    assertThat(yaml).hasSizeGreaterThan(6);
    for (Path file : yaml) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < EDITOR_LINES.size(); i++) {
        Matcher m = EDITOR_LINES.get(i).matcher(lines.get(i));
        assertThat(m.matches()).as("line %d of %s: %s", i + 1, file, lines.get(i)).isTrue();
        Path target = file.toAbsolutePath().getParent().resolve(m.group(1)).normalize();
        assertThat(target).as(file.toString()).isEqualTo(DOCS_SCHEMA.toAbsolutePath().normalize());
        assertThat(target).exists();
      }
    }
  }

  /** Problems a schema can see: a field, a type, a choice or a range. */
  private static final Pattern STRUCTURAL =
      Pattern.compile(
          "unknown field|unknown argument|missing required field|expected a|expected true or false"
              + "|is not one of|belongs to|must be between|must be at least \\d|is not a valid id"
              + "|must list at least one|must name at least");

  static Stream<BadSpecTest.Row> structuralRows() {
    return BadSpecTest.rows()
        .filter(r -> !r.expected().isEmpty())
        .filter(r -> r.expected().stream().allMatch(e -> !e.path().equals("$")))
        .filter(r -> r.expected().stream().allMatch(e -> STRUCTURAL.matcher(e.fragment()).find()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structuralRows")
  void bad_specs_refused_for_a_structural_reason_are_refused_by_the_schema(BadSpecTest.Row row) {
    byte[] content = bytes(row.text());
    assertThat(Specs.parse(row.source(), content).valid()).isFalse();
    assertThat(SchemaCheck.problems(SchemaCheck.tree(row.source(), content)))
        .as("schema verdict on %s:%n%s", row.name(), row.text())
        .isNotEmpty();
  }

  @Test
  void most_bad_spec_rows_are_structural() {
    assertThat(structuralRows().count()).isGreaterThan(15);
  }
}
