package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaLocation;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/job-spec.schema.json and the loader agree. The schema's fields, required fields, enums and
 * ranges are compared with what the validator itself does (its field lists, enums and messages), so
 * a field added to the validator and not to the schema fails here; every example spec and fixture
 * the loader accepts, the schema accepts ({@link Specs} checks every spec the other tests parse
 * too); and specs the loader refuses for a structural reason (unknown field, wrong type, missing
 * required field, bad enum, out of range), the schema refuses.
 */
class JobSpecSchemaTest {
  static final Path DOCS_SCHEMA = Path.of("../docs/job-spec.schema.json");
  private static final Pattern ENUM = Pattern.compile("is not one of ([^;]+)");
  private static final Pattern RANGE =
      Pattern.compile("must be (?:between (-?\\d+) and (-?\\d+)|at least (-?\\d+)), got");

  /** The first lines of an example: for the YAML language server, then for IntelliJ. */
  private static final List<Pattern> EDITOR_LINES =
      List.of(
          Pattern.compile("# yaml-language-server: \\$schema=(\\S+)"),
          Pattern.compile("# \\$schema: (\\S+)"));

  /** One mapping of a spec: where it is, a valid spec that sets every field it allows. */
  record Section(String label, ObjectNode base, List<String> path, List<String> fields) {
    @Override
    public String toString() {
      return label;
    }

    String fieldPath(String field) {
      List<String> parts = new ArrayList<>(path);
      parts.add(field);
      return String.join(".", parts);
    }
  }

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

  // ---------------------------------------------------------------- sections and their fields

  private static final String COMMAND_SPEC =
      """
      id: probe
      description: every field set
      enabled: true
      recover: true
      schedule:
        cron: "30 2 * * *"
        timezone: Europe/Berlin
        misfire: catch_up
        catchUpWindow: PT6H
        maxCatchUp: 10
      task:
        type: command
        command: [/bin/echo, "${fireDate}"]
        workdir: /tmp
        env: {A: b}
      retry: {maxAttempts: 3, backoff: fixed, initialDelay: PT1S, maxDelay: PT5M, retryOn: [failed]}
      limits: {timeout: PT1M, maxConcurrent: 2, overlap: queue, batchSize: 100}
      parameters: {a: 1}
      retention: {keepLast: 5, olderThan: P30D}
      """;

  private static ObjectNode withTask(String task) {
    return (ObjectNode) SchemaCheck.tree("probe.yaml", bytes("id: probe\ntask: " + task + "\n"));
  }

  private static ObjectNode taskSpec(TaskType type) {
    return switch (type) {
      case COMMAND -> SchemaCheck.tree("probe.yaml", bytes(COMMAND_SPEC));
      case HTTP ->
          withTask(
              "{type: http, url: \"https://example.org/x\", method: POST,"
                  + " headers: {Accept: text/plain}, body: \"{}\", expectStatus: [200, \"2xx\"]}");
      case BUILTIN -> builtinSpec(BuiltinTask.Name.FAIL);
    };
  }

  private static ObjectNode builtinSpec(BuiltinTask.Name name) {
    String args =
        switch (name) {
          case NOOP -> "{}";
          case SLEEP -> "{duration: PT1S}";
          case FAIL -> "{message: boom}";
          case ECHO -> "{message: hello}";
        };
    return withTask("{type: builtin, name: " + name.specName() + ", args: " + args + "}");
  }

  static List<Section> sections() {
    ObjectNode full = taskSpec(TaskType.COMMAND);
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("top level", full, List.of(), SpecValidator.FIELDS));
    sections.add(new Section("schedule", full, List.of("schedule"), ScheduleValidator.FIELDS));
    sections.add(new Section("retry", full, List.of("retry"), PolicyValidator.RETRY_FIELDS));
    sections.add(new Section("limits", full, List.of("limits"), PolicyValidator.LIMITS_FIELDS));
    sections.add(
        new Section("retention", full, List.of("retention"), PolicyValidator.RETENTION_FIELDS));
    for (TaskType type : TaskType.values()) {
      sections.add(
          new Section(
              type + " task", taskSpec(type), List.of("task"), TaskValidator.FIELDS.get(type)));
    }
    for (BuiltinTask.Name name : BuiltinTask.Name.values()) {
      sections.add(
          new Section(
              "args of builtin " + name,
              builtinSpec(name),
              List.of("task", "args"),
              BuiltinTaskValidator.ARGS.get(name)));
    }
    return sections;
  }

  /** The schema objects that describe a section: the last one is the closed one. */
  private static List<JsonNode> schemaOf(Section section, ObjectNode spec) {
    JsonNode s = SchemaCheck.SCHEMA;
    JsonNode defs = s.path("$defs");
    List<String> path = section.path();
    if (path.isEmpty()) {
      return List.of(s);
    }
    if (!path.get(0).equals("task")) {
      return List.of(s.path("properties").path(path.get(0)));
    }
    String type = spec.path("task").path("type").asText();
    JsonNode task = s.path("properties").path("task");
    JsonNode variant = defs.path(type + "Task");
    if (path.size() == 1) {
      return List.of(task, variant);
    }
    String name = spec.path("task").path("name").asText();
    for (JsonNode branch : variant.path("allOf")) {
      if (branch.path("if").path("properties").path("name").path("const").asText().equals(name)) {
        return List.of(variant.path("properties").path("args"), branch.at("/then/properties/args"));
      }
    }
    throw new AssertionError("no branch of builtinTask for name " + name);
  }

  private static JsonNode closed(Section section) {
    List<JsonNode> schemas = schemaOf(section, section.base());
    return schemas.get(schemas.size() - 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void the_schema_declares_exactly_the_fields_the_validator_allows(Section section) {
    JsonNode closed = closed(section);

    assertThat(names(closed.path("properties")))
        .as("fields of %s in docs/job-spec.schema.json", section)
        .containsExactlyInAnyOrderElementsOf(section.fields());
    assertThat(closed.path("additionalProperties").asBoolean(true))
        .as("%s allows no other field", section)
        .isFalse();
    assertThat(names(mapping(section.base(), section.path())))
        .as("the probe spec of %s sets every field the validator allows", section)
        .containsExactlyInAnyOrderElementsOf(section.fields());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void the_probe_specs_are_valid_for_both(Section section) {
    assertThat(loaderProblems(section.base())).isEmpty();
    assertThat(SchemaCheck.problems(section.base())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void an_unknown_field_is_refused_by_both(Section section) {
    ObjectNode spec = section.base().deepCopy();
    mapping(spec, section.path()).put("bogusField", 1);

    assertThat(loaderProblems(spec))
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(section.fieldPath("bogusField"));
              assertThat(p.problem()).containsAnyOf("unknown field", "unknown argument");
            });
    assertThat(SchemaCheck.problems(spec)).as("schema verdict").isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void a_value_of_the_wrong_type_is_refused_by_both(Section section) {
    for (String field : section.fields()) {
      ObjectNode spec = section.base().deepCopy();
      ArrayNode wrong = mapping(spec, section.path()).putArray(field);
      wrong.addArray().add(true);

      assertThat(loaderProblems(spec))
          .as("%s set to [[true]]", section.fieldPath(field))
          .anySatisfy(p -> assertThat(p.path()).startsWith(section.fieldPath(field)));
      assertThat(SchemaCheck.problems(spec))
          .as("schema verdict on %s set to [[true]]", section.fieldPath(field))
          .isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void required_fields_and_absent_or_null_fields_agree(Section section) {
    Set<String> required = new TreeSet<>();
    for (String field : section.fields()) {
      for (boolean asNull : new boolean[] {false, true}) {
        ObjectNode spec = section.base().deepCopy();
        ObjectNode mapping = mapping(spec, section.path());
        if (asNull) {
          mapping.putNull(field);
        } else {
          mapping.remove(field);
        }
        List<Problem> problems = loaderProblems(spec);
        String what = section.fieldPath(field) + (asNull ? " set to null" : " left out");
        if (problems.stream()
            .anyMatch(
                p ->
                    p.path().equals(section.fieldPath(field))
                        && p.problem().startsWith("missing required field '" + field + "'"))) {
          required.add(field);
        }
        assertThat(SchemaCheck.problems(spec).isEmpty())
            .as("schema verdict with %s; the loader says %s", what, problems)
            .isEqualTo(problems.isEmpty());
      }
    }
    assertThat(names(closed(section).path("required")))
        .as("required fields of %s", section)
        .containsExactlyInAnyOrderElementsOf(required);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void enums_are_the_validators_and_a_bad_choice_is_refused_by_both(Section section) {
    for (String field : section.fields()) {
      ObjectNode spec = section.base().deepCopy();
      mapping(spec, section.path()).put(field, "no_such_value");
      Optional<List<String>> choices =
          loaderProblems(spec).stream()
              .filter(p -> p.path().equals(section.fieldPath(field)))
              .map(p -> ENUM.matcher(p.problem()))
              .filter(Matcher::find)
              .map(m -> Arrays.asList(m.group(1).trim().split(", ")))
              .findFirst();
      Set<String> schemaEnum = new LinkedHashSet<>();
      for (JsonNode schema : schemaOf(section, spec)) {
        enums(schema.path("properties").path(field), schemaEnum);
      }
      String at = section.fieldPath(field);
      if (choices.isPresent()) {
        assertThat(schemaEnum).as("enum of %s", at).containsExactlyElementsOf(choices.get());
        assertThat(SchemaCheck.problems(spec)).as("schema verdict on %s", at).isNotEmpty();
      } else {
        assertThat(schemaEnum).as("%s is no enum for the validator", at).isEmpty();
      }
    }
  }

  @Test
  void every_enum_of_the_spec_is_found_by_the_probes() {
    Set<String> seen = new HashSet<>();
    for (Section section : sections()) {
      for (String field : section.fields()) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode schema : schemaOf(section, section.base())) {
          enums(schema.path("properties").path(field), values);
        }
        if (!values.isEmpty()) {
          seen.add(section.fieldPath(field));
        }
      }
    }
    assertThat(seen)
        .contains(
            "schedule.misfire",
            "task.type",
            "task.method",
            "task.name",
            "retry.backoff",
            "retry.retryOn",
            "limits.overlap");
    assertThat(enumValues(Misfire.class)).isEqualTo(schemaEnum("misfire"));
    assertThat(enumValues(TaskType.class)).isEqualTo(schemaEnum("taskType"));
    assertThat(enumValues(HttpMethod.class)).isEqualTo(schemaEnum("httpMethod"));
    assertThat(enumValues(BuiltinTask.Name.class)).isEqualTo(schemaEnum("builtinName"));
    assertThat(enumValues(Backoff.class)).isEqualTo(schemaEnum("backoff"));
    assertThat(enumValues(RetryOutcome.class)).isEqualTo(schemaEnum("retryOutcome"));
    assertThat(enumValues(Overlap.class)).isEqualTo(schemaEnum("overlap"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void integer_ranges_are_the_validators(Section section) {
    for (String field : section.fields()) {
      ObjectNode spec = section.base().deepCopy();
      mapping(spec, section.path()).put(field, 0);
      String at = section.fieldPath(field);
      Optional<Matcher> range =
          loaderProblems(spec).stream()
              .filter(p -> p.path().equals(at))
              .map(p -> RANGE.matcher(p.problem()))
              .filter(Matcher::find)
              .findFirst();
      JsonNode property = closed(section).path("properties").path(field);
      if (range.isEmpty()) {
        assertThat(property.has("minimum")).as("%s has no range for the validator", at).isFalse();
        continue;
      }
      Matcher m = range.get();
      long min = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(3));
      long max = m.group(2) != null ? Long.parseLong(m.group(2)) : Integer.MAX_VALUE;
      assertThat(property.path("minimum").asLong()).as("minimum of %s", at).isEqualTo(min);
      assertThat(property.path("maximum").asLong()).as("maximum of %s", at).isEqualTo(max);
      assertThat(SchemaCheck.problems(spec)).as("schema verdict on %s = 0", at).isNotEmpty();
      mapping(spec, section.path()).put(field, max + 1);
      assertThat(loaderProblems(spec)).as("%s = %d", at, max + 1).isNotEmpty();
      assertThat(SchemaCheck.problems(spec)).as("schema verdict on %s = max + 1", at).isNotEmpty();
      mapping(spec, section.path()).put(field, max);
      assertThat(SchemaCheck.problems(spec)).as("schema verdict on %s = max", at).isEmpty();
    }
  }

  // ---------------------------------------------------------------- patterns and values

  @Test
  void patterns_are_the_validators() {
    JsonNode s = SchemaCheck.SCHEMA;
    assertThat(s.at("/properties/id/pattern").asText())
        .isEqualTo("^" + JobSpec.ID_PATTERN.pattern() + "$");
    assertThat(s.at("/$defs/commandTask/properties/env/propertyNames/pattern").asText())
        .isEqualTo("^" + Placeholders.ENV_NAME.pattern() + "$");
    assertThat(s.at("/properties/description/maxLength").asInt())
        .isEqualTo(JobSpec.MAX_DESCRIPTION_LENGTH);
  }

  @Test
  void header_names_the_client_sets_are_refused_by_both_in_any_case() {
    assertThat(HttpTaskValidator.RESTRICTED).isNotEmpty();
    for (String restricted : HttpTaskValidator.RESTRICTED) {
      for (String name :
          List.of(restricted, restricted.toUpperCase(Locale.ROOT), capitalized(restricted))) {
        ObjectNode spec = taskSpec(TaskType.HTTP);
        ((ObjectNode) spec.at("/task/headers")).put(name, "x");
        assertThat(loaderProblems(spec)).as(name).isNotEmpty();
        assertThat(SchemaCheck.problems(spec)).as(name).isNotEmpty();
      }
    }
    for (String name : List.of("Content-Type", "X-Request-Id", "x-trace")) {
      ObjectNode spec = taskSpec(TaskType.HTTP);
      ((ObjectNode) spec.at("/task/headers")).put(name, "x");
      assertThat(loaderProblems(spec)).as(name).isEmpty();
      assertThat(SchemaCheck.problems(spec)).as(name).isEmpty();
    }
    for (String[] header : new String[][] {{"Bad Name", "x"}, {"X-Ok", "line\nbreak"}}) {
      ObjectNode spec = taskSpec(TaskType.HTTP);
      ((ObjectNode) spec.at("/task/headers")).put(header[0], header[1]);
      assertThat(loaderProblems(spec)).as(header[0]).isNotEmpty();
      assertThat(SchemaCheck.problems(spec)).as(header[0]).isNotEmpty();
    }
  }

  @Test
  void every_zone_the_validator_accepts_the_schema_accepts() {
    JsonSchema timezone =
        subSchema(SchemaCheck.SCHEMA.at("/properties/schedule/properties/timezone"));
    int accepted = 0;
    for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
      if (ScheduleChecks.zone(id, FieldPath.ROOT, new Problems()).isPresent()) {
        accepted++;
        assertThat(timezone.validate(text(id))).as(id).isEmpty();
      }
    }
    assertThat(accepted).isGreaterThan(300);
    for (String id :
        List.of("EST", "CET", "GMT", "Japan", "+02:00", "GMT+1", "UTC+2", "Etc/GMT+1", "Z", "")) {
      assertThat(ScheduleChecks.zone(id, FieldPath.ROOT, new Problems())).as(id).isEmpty();
      assertThat(timezone.validate(text(id))).as(id).isNotEmpty();
    }
  }

  @Test
  void blank_is_what_the_validator_calls_blank_for_every_character() {
    JsonSchema workdir = subSchema(SchemaCheck.SCHEMA.at("/$defs/commandTask/properties/workdir"));
    for (char c = 0; c < Character.MIN_SURROGATE; c++) {
      String text = String.valueOf(c);
      assertThat(workdir.validate(text(text)).isEmpty())
          .as("U+%04X", (int) c)
          .isEqualTo(!text.isBlank());
    }
    assertThat(workdir.validate(text(" \t/srv "))).isEmpty();
  }

  @Test
  void status_codes_and_classes_are_the_validators() {
    JsonSchema status = subSchema(SchemaCheck.SCHEMA.at("/$defs/statusPattern"));
    for (int code = -1; code <= 1000; code++) {
      String text = Integer.toString(code);
      boolean valid = StatusPattern.parse(text).isPresent();
      assertThat(status.validate(SchemaCheck.JSON.getNodeFactory().numberNode(code)).isEmpty())
          .as("%d", code)
          .isEqualTo(valid);
      assertThat(status.validate(text(text)).isEmpty()).as("\"%s\"", text).isEqualTo(valid);
    }
    for (String text : List.of("0xx", "1xx", "5xx", "6xx", "2XX", "2x", " 200", "200 ")) {
      assertThat(status.validate(text(text)).isEmpty())
          .as(text)
          .isEqualTo(StatusPattern.parse(text).isPresent());
    }
  }

  @Test
  void durations_the_validator_accepts_the_schema_accepts() {
    JsonSchema duration = subSchema(SchemaCheck.SCHEMA.at("/properties/limits/properties/timeout"));
    List<String> good =
        List.of(
            "PT30S",
            "pt30s",
            "PT5M",
            "PT1H30M",
            "P1D",
            "P2W",
            "P1DT2H",
            "PT1.5S",
            "PT1,5S",
            "PT0.000000001S",
            "P0Y1D",
            "P1W1D",
            "PT1H-30M",
            "-PT-5S",
            "+PT1S",
            "P3650D",
            "p1dt1h");
    for (String text : good) {
      assertThat(Durations.parse(text, Durations.Lower.POSITIVE).value()).as(text).isPresent();
      assertThat(duration.validate(text(text))).as(text).isEmpty();
    }
    List<String> bad = List.of("30s", "5 minutes", "PT", "P", "P1DT", "1h", "PT5X", "P1D2H", "");
    for (String text : bad) {
      assertThat(Durations.parse(text, Durations.Lower.POSITIVE).value()).as(text).isEmpty();
      assertThat(duration.validate(text(text))).as(text).isNotEmpty();
    }
  }

  @Test
  void defaults_are_the_ones_the_loader_fills_in() {
    // Each minimal spec with the fields it sets itself (whose canonical value is no default).
    record Minimal(ObjectNode canonical, List<String> written) {}
    List<Minimal> minimal =
        List.of(
            new Minimal(
                SpecJson.tree(
                    spec(
                        "id: a\nschedule: {cron: '0 1 * * *', timezone: UTC}\n"
                            + "task: {type: command, command: [/bin/true]}")),
                List.of()),
            new Minimal(
                SpecJson.tree(
                    spec(
                        "id: b\nschedule: {cron: '0 1 * * *', timezone: UTC, misfire: catch_up}\n"
                            + "task: {type: http, url: 'http://x'}")),
                List.of("/schedule/misfire")));
    List<String> checked = new ArrayList<>();
    List<JsonNode> places = new ArrayList<>();
    JsonNode s = SchemaCheck.SCHEMA;
    places.add(s);
    for (String section : List.of("schedule", "retry", "limits")) {
      places.add(s.path("properties").path(section));
    }
    places.add(s.at("/$defs/commandTask"));
    places.add(s.at("/$defs/httpTask"));
    List<String> sectionOf = List.of("", "schedule", "retry", "limits", "task", "task");
    for (int i = 0; i < places.size(); i++) {
      JsonNode properties = places.get(i).path("properties");
      for (String field : names(properties)) {
        JsonNode def = properties.path(field).get("default");
        if (def == null) {
          continue;
        }
        String pointer = (sectionOf.get(i).isEmpty() ? "" : "/" + sectionOf.get(i)) + "/" + field;
        List<JsonNode> filledIn = new ArrayList<>();
        for (Minimal m : minimal) {
          JsonNode value = m.canonical().at(pointer);
          if (!value.isMissingNode() && !m.written().contains(pointer)) {
            filledIn.add(value);
          }
        }
        assertThat(filledIn).as("the loader fills in %s", pointer).isNotEmpty();
        assertThat(filledIn).as("default of %s", pointer).allMatch(def::equals);
        checked.add(pointer);
      }
    }
    assertThat(checked)
        .contains("/enabled", "/schedule/misfire", "/limits/timeout", "/task/method");
  }

  // ---------------------------------------------------------------- the bad specs of BadSpecTest

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

  // ---------------------------------------------------------------- helpers

  private static JobSpec spec(String yaml) {
    return Specs.yaml(yaml).spec().orElseThrow();
  }

  private static List<Problem> loaderProblems(ObjectNode spec) {
    try {
      return Specs.parse("probe.json", SchemaCheck.JSON.writeValueAsBytes(spec)).problems();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode mapping(ObjectNode spec, List<String> path) {
    JsonNode node = spec;
    for (String part : path) {
      node = node.path(part);
    }
    return (ObjectNode) node;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** The enum values a property schema allows, following $ref, anyOf, allOf and items. */
  private static void enums(JsonNode schema, Set<String> into) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("enum")) {
      schema.get("enum").forEach(v -> into.add(v.asText()));
    }
    if (schema.has("$ref")) {
      enums(SchemaCheck.SCHEMA.at(schema.get("$ref").asText().substring(1)), into);
    }
    schema.path("anyOf").forEach(s -> enums(s, into));
    schema.path("allOf").forEach(s -> enums(s, into));
    enums(schema.path("items"), into);
  }

  private static List<String> schemaEnum(String def) {
    return names(SchemaCheck.SCHEMA.at("/$defs/" + def + "/enum"));
  }

  private static <E extends Enum<E> & SpecName> List<String> enumValues(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(SpecName::specName).toList();
  }

  private static JsonSchema subSchema(JsonNode node) {
    assertThat(node.isObject()).as("schema node").isTrue();
    ObjectNode schema = node.deepCopy();
    schema.set("$defs", SchemaCheck.SCHEMA.get("$defs"));
    return SchemaCheck.FACTORY.getSchema(schema);
  }

  private static JsonNode text(String text) {
    return SchemaCheck.JSON.getNodeFactory().textNode(text);
  }

  private static String capitalized(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      if (out.length() > 0) {
        out.append('-');
      }
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
