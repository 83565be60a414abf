package dev.cronstone.model;

import static dev.cronstone.model.SchemaProbes.loaderProblems;
import static dev.cronstone.model.SchemaProbes.names;
import static dev.cronstone.model.SchemaProbes.spec;
import static dev.cronstone.model.SchemaProbes.subSchema;
import static dev.cronstone.model.SchemaProbes.taskSpec;
import static dev.cronstone.model.SchemaProbes.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The values docs/job-spec.schema.json allows, against the validator's: id and env-name patterns,
 * header names, every time zone of the JVM, what counts as blank, status codes, durations, and the
 * defaults the loader fills in.
 */
class SchemaValuesTest {
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
}
