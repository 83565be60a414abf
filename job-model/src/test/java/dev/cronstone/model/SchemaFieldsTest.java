package dev.cronstone.model;

import static dev.cronstone.model.SchemaProbes.closed;
import static dev.cronstone.model.SchemaProbes.enumValues;
import static dev.cronstone.model.SchemaProbes.enums;
import static dev.cronstone.model.SchemaProbes.loaderProblems;
import static dev.cronstone.model.SchemaProbes.mapping;
import static dev.cronstone.model.SchemaProbes.names;
import static dev.cronstone.model.SchemaProbes.schemaEnum;
import static dev.cronstone.model.SchemaProbes.schemaOf;
import static dev.cronstone.model.SchemaProbes.sections;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.error.Problem;
import dev.cronstone.model.SchemaProbes.Section;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/job-spec.schema.json against the validator, section by section: the schema declares exactly
 * the fields the validator allows (so a field added to the validator and not to the schema fails
 * here), and the fields left out, set to null, of the wrong type, unknown, a bad choice or out of
 * range get the same verdict from both. The enums, required fields and ranges compared are read
 * from what the validator does and says, never from a copied list.
 */
class SchemaFieldsTest {
  private static final Pattern ENUM = Pattern.compile("is not one of ([^;]+)");
  private static final Pattern RANGE =
      Pattern.compile("must be (?:between (-?\\d+) and (-?\\d+)|at least (-?\\d+)), got");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
  void the_probe_specs_are_valid_for_both(Section section) {
    assertThat(loaderProblems(section.base())).isEmpty();
    assertThat(SchemaCheck.problems(section.base())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
    assertThat(enumValues(AfterOn.class)).isEqualTo(schemaEnum("afterOn"));
  }

  @Test
  void after_entries_have_the_validators_fields() {
    JsonNode items = SchemaCheck.SCHEMA.at("/properties/after/items");
    List<String> fields = new ArrayList<>();
    items.path("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyElementsOf(AfterValidator.ENTRY_FIELDS);
    assertThat(items.path("required").get(0).asText()).isEqualTo("job");
    assertThat(items.at("/properties/on/default").asText())
        .isEqualTo(AfterSpec.DEFAULT_ON.specName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.cronstone.model.SchemaProbes#sections")
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
}
